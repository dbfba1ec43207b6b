// Node test-runner reporter: one line per test (with the failure's message), then a closing
// line `N passed, N failed, N skipped` that CI reads.
import { relative } from 'node:path';

export default async function* reporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    const { type, data } = event;
    if (type !== 'test:pass' && type !== 'test:fail') {
      if (type === 'test:stderr' || type === 'test:stdout') {
        if (process.env.TEST_VERBOSE) yield data.message;
      }
      continue;
    }
    // Suites report too; only count tests (a suite's own failure still counts once).
    const isSuite = data.details?.type === 'suite';
    const file = data.file ? relative(process.cwd(), data.file) : '';
    if (type === 'test:pass') {
      if (isSuite) continue;
      if (data.skip || data.todo) {
        skipped++;
        yield `  - skip ${data.name}${typeof data.skip === 'string' ? ` (${data.skip})` : ''}  [${file}]\n`;
      } else {
        passed++;
        yield `  ✓ ${data.name}  (${Math.round(data.details?.duration_ms ?? 0)} ms)  [${file}]\n`;
      }
    } else {
      const err = data.details?.error;
      const cause = err?.cause ?? err;
      if (isSuite && err?.failureType === 'subtestsFailed') continue;
      failed++;
      const message = String(cause?.message ?? cause ?? 'failed').split('\n').slice(0, 12).join('\n      ');
      failures.push(`${data.name} [${file}]`);
      yield `  ✗ ${data.name}  [${file}]\n      ${message}\n`;
    }
  }
  if (failures.length) yield `\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`;
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
