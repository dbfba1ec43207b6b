#!/usr/bin/env node
// The CLI entry: runs the TypeScript sources through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli/main.ts');
process.exit(await runCli(process.argv.slice(2)));
