// Loaded with `node --import` into a process under test (e.g. the CLI): when the process exits,
// writes its peak RSS, and what its heap and buffers hold after a full collection, as JSON to
// the file named by CUTOVER_PEAK_MEMORY_FILE. Measured in the process itself, so the test's own
// memory does not count.
import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const out = process.env.CUTOVER_PEAK_MEMORY_FILE;
if (out) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  process.on('exit', () => {
    gc();
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
    // maxRSS is in kilobytes.
    writeFileSync(out, JSON.stringify({ peakRssMb: mb(process.resourceUsage().maxRSS * 1024), afterGc: { heapUsedMb: mb(m.heapUsed), arrayBuffersMb: mb(m.arrayBuffers), externalMb: mb(m.external) } }));
  });
}
