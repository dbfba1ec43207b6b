// The one check every way into the engine makes before anything runs: a known procedure and
// input that fits its schema. Electron's main process makes it too, so a bad call never
// reaches the engine's process at all.
import { CutoverError, errors } from './errors.ts';
import { isProcedureName, procedures, type ParsedInput, type ProcedureName } from './index.ts';

const MAX_NAME_LENGTH = 100;

/** The procedure and its parsed input (defaults applied); throws CutoverError otherwise. */
export function checkCall(name: unknown, input: unknown): { name: ProcedureName; input: ParsedInput<ProcedureName> } {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw errors.badInput('The procedure name must be a non-empty string.');
  }
  if (!isProcedureName(name)) throw new CutoverError('UNKNOWN_PROCEDURE', `There is no procedure named "${name}".`);
  const parsed = procedures[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
    throw errors.badInput(`Invalid input for ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return { name, input: parsed.data as ParsedInput<ProcedureName> };
}
