// Named resource locks that jobs declare: the workspace cache, the target database. A job takes
// all of its locks at once (so two jobs can never deadlock each other) and waits its turn in
// arrival order (so a stream of readers cannot starve a writer). Shared holders coexist;
// an exclusive holder is alone.
import { errors } from '../../../shared/api/errors.ts';

export const resources = { cache: 'the workspace cache', target: 'the target database' } as const;
export type Resource = keyof typeof resources;
export type LockMode = 'shared' | 'exclusive';
export type LockRequest = Partial<Record<Resource, LockMode>>;

interface Holder {
  request: LockRequest;
  label: string;
}

interface Waiter extends Holder {
  grant: () => void;
}

const compatible = (a: LockRequest, b: LockRequest): boolean =>
  (Object.keys(a) as Resource[]).every((r) => b[r] === undefined || (a[r] === 'shared' && b[r] === 'shared'));

export class LockManager {
  private readonly holders = new Set<Holder>();
  private readonly waiters: Waiter[] = [];

  /** Who holds what this request waits for, for "waiting for …" notes; null when it is free. */
  blockedBy(request: LockRequest): string | null {
    const blocker = [...this.holders, ...this.waiters].find((h) => !compatible(h.request, request));
    if (!blocker) return null;
    const what = (Object.keys(request) as Resource[]).filter((r) => blocker.request[r] !== undefined).map((r) => resources[r]);
    return `${what.join(' and ')} (${blocker.label})`;
  }

  /**
   * Resolves with a release function once every resource in the request is held. Aborting the
   * signal while waiting rejects with CANCELLED and takes the request out of the queue.
   */
  acquire(request: LockRequest, label: string, signal?: AbortSignal): Promise<() => void> {
    const holder: Holder = { request, label };
    const release = () => {
      if (this.holders.delete(holder)) this.grantWaiting();
    };
    if (this.waiters.length === 0 && this.canHold(request)) {
      this.holders.add(holder);
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(errors.cancelled());
      const waiter: Waiter = {
        ...holder,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.holders.add(holder);
          resolve(release);
        },
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        this.grantWaiting();
        reject(errors.cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private canHold(request: LockRequest): boolean {
    return [...this.holders].every((h) => compatible(h.request, request));
  }

  /** Grants waiters in arrival order; the first one that must wait stops the line. */
  private grantWaiting(): void {
    while (this.waiters.length && this.canHold(this.waiters[0]!.request)) this.waiters.shift()!.grant();
  }
}
