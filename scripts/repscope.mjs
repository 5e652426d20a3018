#!/usr/bin/env node
// Launcher of the `repscope` CLI (package.json "bin"): runs src/cli/main.ts through tsx's loader, so the
// CLI needs no build step, and hands the exit status back to the shell.
import { tsImport } from 'tsx/esm/api';

try {
  const { main, processIo } = await tsImport('../src/cli/main.ts', import.meta.url);
  process.exitCode = await main(process.argv.slice(2), processIo());
} catch (err) {
  // Only start-up failures land here (tsx missing, a syntax error); main reports everything else itself.
  process.stderr.write(`error: could not start repscope: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  if (process.argv.includes('--debug') && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
