// Connecting to the sources (or the demo), pulling them into the cache, importing CSV exports.
import { z } from 'zod';
import { jobProcedure, mutation, query } from './define.ts';
import { jobKind } from './job-parts.ts';
import { PageRequest, pageOf } from './paged.ts';

export const SourceId = z.enum(['xendit', 'systeme']);
export type SourceId = z.infer<typeof SourceId>;

/** The raw streams the cache keeps, one table each. */
export const streamIds = ['xendit-invoices', 'xendit-transactions', 'xendit-refunds', 'systeme-contacts', 'systeme-tags'] as const;
export const StreamId = z.enum(streamIds);
export type StreamId = z.infer<typeof StreamId>;

/** The largest CSV export the app takes (the real exports are a few MB; this leaves room for 100×). */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

/** Hosts that are this machine: the only ones a source may be reached at over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why a source's base URL is refused, or null when it is fine: the key travels to it, so it is
 * https (plain http only to this machine), carries no credentials, query or fragment.
 */
export function sourceUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'use an https:// URL';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'plain http:// is only allowed to this machine (localhost, 127.0.0.1, ::1); use https://';
  if (url.username || url.password) return 'leave the credentials out of the URL: the key is sent separately';
  if (url.search || url.hash) return 'give the API base URL without a query or fragment';
  return null;
}

const sourceUrl = z.string().superRefine((text, ctx) => {
  const problem = sourceUrlProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const ConnectionInput = z
  .object({
    xendit: z
      .object({
        /** Changing it drops the stored key unless this call gives one. */
        baseUrl: sourceUrl.optional(),
        secretKey: z
          .string()
          .regex(/^xnd_(development|production)_[A-Za-z0-9]+$/, 'a Xendit secret key starts with xnd_development_ or xnd_production_')
          .optional(),
      })
      .strict()
      .optional(),
    systeme: z
      .object({
        baseUrl: sourceUrl.optional(),
        apiKey: z.string().min(8, 'the Systeme.io API key is longer than that').max(512).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ConnectionInput = z.infer<typeof ConnectionInput>;

const SourceConnection = z.object({
  baseUrl: z.string(),
  hasKey: z.boolean(),
  /** The key's prefix and last four characters, never the key. */
  keyHint: z.string().nullable(),
});

/** Rate limits of the simulated APIs: the researched test-mode limits, live-mode ones, or none. */
export const DemoLimits = z.enum(['test', 'live', 'off']);
export type DemoLimits = z.infer<typeof DemoLimits>;

export const ConnectionMode = z.enum(['none', 'demo', 'live']);
export type ConnectionMode = z.infer<typeof ConnectionMode>;

export const ConnectionStatus = z.object({
  mode: ConnectionMode,
  xendit: SourceConnection,
  systeme: SourceConnection,
  demo: z.object({ scale: z.number(), seed: z.number().int(), limits: DemoLimits, url: z.string() }).nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const DemoInput = z
  .object({
    scale: z.number().min(0.001).max(50).default(1),
    seed: z.number().int().min(0).max(2 ** 31).default(1),
    limits: DemoLimits.default('live'),
  })
  .strict();
export type DemoSettings = z.infer<typeof DemoInput>;

export const StreamStatus = z.object({
  stream: StreamId,
  label: z.string(),
  records: z.number().int(),
  quarantined: z.number().int(),
  deleted: z.number().int(),
  lastPulledAt: z.string().nullable(),
  /** 'partial' means a pull stopped part-way and will resume from its checkpoint. */
  checkpoint: z.enum(['never', 'partial', 'complete']),
  lastChanged: z.number().int().nullable(),
});
export type StreamStatus = z.infer<typeof StreamStatus>;

export const PullInput = z
  .object({
    sources: z.array(SourceId).min(1).default(['xendit', 'systeme']),
    /** auto: resume a stopped pull, else fetch what changed; full: crawl everything again. */
    mode: z.enum(['auto', 'full']).default('auto'),
  })
  .strict();

export const StreamRunResult = z.object({
  stream: StreamId,
  pages: z.number().int(),
  records: z.number().int(),
  changed: z.number().int(),
  quarantined: z.number().int(),
  deleted: z.number().int(),
  resumed: z.boolean(),
  retries: z.number().int(),
});
export type StreamRunResult = z.infer<typeof StreamRunResult>;

export const PullResult = z.object({ streams: z.array(StreamRunResult) });
export type PullResult = z.infer<typeof PullResult>;

export const pullJob = jobKind({ kind: 'pull', label: 'Pull sources', unit: 'records', result: PullResult, parts: streamIds });

export const CsvKind = z.enum(['xendit-invoices', 'systeme-contacts']);
export type CsvKind = z.infer<typeof CsvKind>;

/**
 * What to import: the file's text (the renderer reads the file the user chose), or a token for a
 * file the host itself opened — the desktop app's file dialog, the CLI's path argument, the web
 * host's streamed upload. A path is never accepted from a call: no renderer or web page can name
 * a file on this machine.
 */
export const CsvImportInput = z
  .object({
    kind: CsvKind,
    content: z.string().max(MAX_CSV_BYTES).optional(),
    fileToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32}$/, 'a file token as the host gave it')
      .optional(),
    fileName: z.string().max(300).optional(),
  })
  .strict()
  .refine((v) => (v.fileToken === undefined) !== (v.content === undefined), 'give either content or fileToken');
export type CsvImportInput = z.infer<typeof CsvImportInput>;

export const CsvImportResult = z.object({
  kind: CsvKind,
  rows: z.number().int(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  errorCount: z.number().int(),
});
export type CsvImportResult = z.infer<typeof CsvImportResult>;

export const csvImportJob = jobKind({ kind: 'csv-import', label: 'Import CSV', unit: 'rows', result: CsvImportResult });

export const QuarantineRow = z.object({
  id: z.number().int(),
  stream: StreamId,
  recordKey: z.string().nullable(),
  reason: z.string(),
  receivedAt: z.string(),
  raw: z.string(),
});

export const sourceProcedures = {
  'connection-get': query({
    input: z.object({}).strict(),
    output: ConnectionStatus,
    summary: 'Where each source is pulled from and whether a key is set (never the key).',
    reads: ['connection'],
  }),
  'connection-set': mutation({
    input: ConnectionInput,
    output: ConnectionStatus,
    summary: 'Sets source base URLs and keys; keys stay in memory or the OS keychain, never in the cache.',
    writes: ['connection'],
  }),
  'demo-open': mutation({
    input: DemoInput,
    output: ConnectionStatus,
    summary: 'Starts the built-in API simulator with generated data and points both sources at it.',
    writes: ['connection'],
  }),
  'pull-start': jobProcedure(pullJob, {
    input: PullInput,
    summary: 'Starts pulling the sources into the cache (both concurrently), resuming where a stopped pull left off.',
    writes: ['cache', 'quarantine'],
  }),
  'pull-status': query({
    input: z.object({}).strict(),
    output: z.array(StreamStatus),
    summary: 'What the cache holds per stream: records, quarantined, deleted, checkpoint.',
    reads: ['cache', 'quarantine'],
  }),
  'csv-import': jobProcedure(csvImportJob, {
    input: CsvImportInput,
    summary: 'Imports a Xendit invoice export or a Systeme.io contacts export into the cache.',
    writes: ['cache'],
  }),
  'quarantine-list': query({
    input: PageRequest,
    output: pageOf(QuarantineRow),
    summary: 'Records that failed their schema, with the reason, kept verbatim (a page; filter and facet by stream).',
    reads: ['quarantine'],
  }),
};
