// Every setting a workspace keeps, each with its schema and default: the operator's settings
// (shared/api/settings.ts) and the engine's own bookkeeping. A key that is not declared here is a
// compile error, and a stored value that no longer fits its schema reads as the default.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { WorkspaceSettings } from '../../../shared/api/settings.ts';
import { ConnectionMode, DemoInput } from '../../../shared/api/sources.ts';
import { PushResult, TargetMode } from '../../../shared/api/target.ts';
import { CutoverStatus, PlanOptions } from '../../../shared/api/cutover.ts';

export const DEFAULT_XENDIT_URL = 'https://api.xendit.co';
export const DEFAULT_SYSTEME_URL = 'https://api.systeme.io';

const ConnectionSettings = z.object({
  mode: ConnectionMode,
  xenditBaseUrl: z.string(),
  systemeBaseUrl: z.string(),
  demo: DemoInput.nullable(),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettings>;

/** The target Postgres: its URL without the password (kept in the secret store), and what the last check found. */
const TargetSettings = z.object({
  mode: TargetMode,
  url: z.string().nullable(),
  caFile: z.string().nullable(),
  demo: z.object({ scale: z.number(), seed: z.number().int() }).nullable(),
  info: z
    .object({
      target: z.string(),
      serverVersion: z.string(),
      major: z.number().int(),
      currentUser: z.string(),
      tls: z.boolean(),
      missingPrivileges: z.array(z.string()),
      checkedAt: z.string(),
    })
    .nullable(),
});
export type TargetSettings = z.infer<typeof TargetSettings>;

const user = WorkspaceSettings.shape;

export const settingDefs = {
  timeZone: user.timeZone,
  fiscalYearStartMonth: user.fiscalYearStartMonth,
  reviewerName: user.reviewerName,
  connection: ConnectionSettings.default({ mode: 'none', xenditBaseUrl: DEFAULT_XENDIT_URL, systemeBaseUrl: DEFAULT_SYSTEME_URL, demo: null }),
  /** How far before the last pull's start an incremental pull looks again (late status changes). */
  'pull.lookbackDays': z.number().int().min(0).max(3650).default(30),
  'pull.requestTimeoutMs': z.number().int().min(100).max(600_000).default(30_000),
  target: TargetSettings.default({ mode: 'none', url: null, caFile: null, demo: null, info: null }),
  /** The last push's outcome (its validation with samples), for the Push step. */
  'push.last': PushResult.extend({ at: z.string(), jobId: z.string() }).nullable().default(null),
  /** The last cutover or rollback plan made here: what cutover-start / rollback-start must run (its park schema is named at planning). */
  'cutover.plan': CutoverStatus.shape.lastPlan.unwrap()
    .extend({ parkSchema: z.string(), undoes: z.number().int().nullable(), options: PlanOptions })
    .nullable()
    .default(null),
  /** The last committed cutover or rollback run here (its job holds the result). */
  'cutover.last': CutoverStatus.shape.last.default(null),
  /** A pull that stopped part-way, resumed by the next auto pull under the same id. */
  'pull.unfinished': z.object({ pullId: z.string() }).nullable().default(null),
} satisfies Record<string, z.ZodDefault<z.ZodType>>;

export type SettingKey = keyof typeof settingDefs;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingDefs)[K]>;

export interface Settings {
  get<K extends SettingKey>(key: K): SettingValue<K>;
  /** Validates against the setting's schema; throws on a value that does not fit. */
  set<K extends SettingKey>(key: K, value: SettingValue<K>): void;
  /** The operator's settings as one object. */
  user(): WorkspaceSettings;
}

export function workspaceSettings(db: Database.Database): Settings {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const get = <K extends SettingKey>(key: K): SettingValue<K> => {
    const schema = settingDefs[key] as unknown as z.ZodType<SettingValue<K>>;
    const raw = read.get(key) as string | undefined;
    if (raw !== undefined) {
      const parsed = schema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    }
    return schema.parse(undefined);
  };
  return {
    get,
    set(key, value) {
      const parsed = (settingDefs[key] as z.ZodType).parse(value);
      write.run(key, JSON.stringify(parsed));
    },
    user: () => ({ timeZone: get('timeZone'), fiscalYearStartMonth: get('fiscalYearStartMonth'), reviewerName: get('reviewerName') }),
  };
}
