// The one place a call from any transport enters the engine: check it against the contract,
// run the handler, and turn any failure into an ApiErrorBody. Procedures that write run one at a
// time, and a successful one announces the datasets it wrote.
import { procedures, toErrorBody } from '../../shared/api/index.ts';
import { checkCall } from '../../shared/api/check-call.ts';
import type { CallOutcome } from '../../shared/api/transport.ts';
import type { CallInfo, EngineContext } from './context.ts';
import type { Transport } from './files/grants.ts';
import type { Handlers } from './registry.ts';
import { redact } from './secrets.ts';
import { explainFailure } from './workspace/workspace.ts';

export interface Dispatcher {
  /** `transport` is what the host carrying the call says it is; nothing in the call itself decides it. */
  (name: string, rawInput: unknown, transport: Transport): Promise<CallOutcome>;
}

export function createDispatcher(table: Handlers, ctx: EngineContext): Dispatcher {
  // Writes queue behind each other; reads never wait.
  let writes: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writes.then(work, work);
    writes = run.catch(() => undefined);
    return run;
  };

  return async (name, rawInput, transport) => {
    try {
      const call = checkCall(name, rawInput);
      const def = procedures[call.name];
      const handler = table[call.name] as (input: unknown, ctx: EngineContext, info: CallInfo) => unknown;
      const info: CallInfo = { transport };
      const isWrite = def.writes.length > 0 || def.job !== undefined;
      const result = isWrite ? await serialised(async () => handler(call.input, ctx, info)) : await handler(call.input, ctx, info);
      // A job's writes are announced as the job makes them.
      if (def.job === undefined && def.writes.length) ctx.changed(def.writes);
      return { ok: true, result };
    } catch (err) {
      const body = toErrorBody(explainFailure(ctx.workspace, err));
      body.message = redact(body.message);
      return { ok: false, error: body };
    }
  };
}

