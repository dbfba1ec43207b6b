// The one check every way into the engine makes before anything runs: a known procedure and
// input that fits its schema. Electron's main process makes it too, so a bad call never
// reaches the engine's process at all.
import { CutoverError, errors } from './errors.ts';
import { isProcedureName, procedures, type ParsedInput, type ProcedureName } from './index.ts';

const MAX_NAME_LENGTH = 100;
/** What of a caller's own text goes back in an error: enough to recognise, never a copy of a huge input. */
const MAX_ECHO = 60;
const MAX_ISSUES = 20;
const MAX_ISSUE_TEXT = 200;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The procedure and its parsed input (defaults applied); throws CutoverError otherwise. */
export function checkCall(name: unknown, input: unknown): { name: ProcedureName; input: ParsedInput<ProcedureName> } {
  if (typeof name !== 'string' || name.length === 0) throw errors.badInput('The procedure name must be a non-empty string.');
  if (name.length > MAX_NAME_LENGTH || !isProcedureName(name)) {
    throw new CutoverError('UNKNOWN_PROCEDURE', `There is no procedure named ${JSON.stringify(clip(name, MAX_ECHO))}.`);
  }
  const parsed = procedures[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    // A message may quote the input (an unknown key's name): each is clipped.
    const issues = parsed.error.issues
      .slice(0, MAX_ISSUES)
      .map((i) => ({ path: clip(i.path.join('.'), MAX_ECHO) || '(input)', message: clip(i.message, MAX_ISSUE_TEXT) }));
    throw errors.badInput(`Invalid input for ${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return { name, input: parsed.data as ParsedInput<ProcedureName> };
}
