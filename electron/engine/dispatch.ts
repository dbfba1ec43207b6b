// The one place a call from any transport enters the engine: check it against the contract,
// run the handler, and turn any failure into an ApiErrorBody.
import type { ProcedureName } from '../../shared/api/index.ts';
import { checkCall } from '../../shared/api/check-call.ts';
import type { CallOutcome } from '../../shared/api/transport.ts';
import type { EngineContext } from './context.ts';
import type { HandlerTable } from './handler-table.ts';
import { toErrorBody } from './jobs/job-runner.ts';
import { redact } from './secrets.ts';

export async function dispatch(
  handlers: HandlerTable<ProcedureName>,
  ctx: EngineContext,
  name: string,
  rawInput: unknown,
): Promise<CallOutcome> {
  try {
    const call = checkCall(name, rawInput);
    const handler = handlers[call.name] as (input: unknown, ctx: EngineContext) => unknown;
    const result = await handler(call.input, ctx);
    return { ok: true, result };
  } catch (err) {
    const body = toErrorBody(err);
    body.message = redact(body.message, ctx.secrets.values());
    return { ok: false, error: body };
  }
}
