// What the simulator served, so tests can assert on client behaviour (e.g. "each page fetched once",
// "retried after the 429", "no request after hasMore:false").
import type { EndpointName, ServedPage, SimulatorStats } from './types.ts';

export class StatsRecorder {
  private total = 0;
  private byEndpoint: SimulatorStats['byEndpoint'] = {};
  private byStatus: Record<string, number> = {};
  private pages: ServedPage[] = [];

  /** Counts a request that matched no route. */
  unknown(status: number): void {
    this.total++;
    this.byEndpoint.unknown = (this.byEndpoint.unknown ?? 0) + 1;
    this.countStatus(status);
  }

  record(page: ServedPage): void {
    this.total++;
    const endpoint: EndpointName = page.endpoint;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    this.countStatus(page.status);
    this.pages.push(page);
  }

  snapshot(): SimulatorStats {
    return {
      total: this.total,
      byEndpoint: { ...this.byEndpoint },
      byStatus: { ...this.byStatus },
      pages: this.pages.map((p) => ({ ...p })),
    };
  }

  reset(): void {
    this.total = 0;
    this.byEndpoint = {};
    this.byStatus = {};
    this.pages = [];
  }

  private countStatus(status: number): void {
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }
}
