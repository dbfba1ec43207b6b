// The one place a call from any transport enters the engine: find the procedure, validate its
// input against the contract, run the handler, and turn any failure into an ApiErrorBody.
import { CutoverError, isProcedureName, procedures, type ProcedureName } from '../../shared/api/index.ts';
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
    if (!isProcedureName(name)) throw new CutoverError('UNKNOWN_PROCEDURE', `There is no procedure named "${String(name).slice(0, 80)}".`);
    const parsed = procedures[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
      throw new CutoverError('BAD_INPUT', `Invalid input for ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const handler = handlers[name] as (input: unknown, ctx: EngineContext) => unknown;
    const result = await handler(parsed.data, ctx);
    return { ok: true, result };
  } catch (err) {
    const body = toErrorBody(err);
    body.message = redact(body.message, ctx.secrets.values());
    return { ok: false, error: body };
  }
}
