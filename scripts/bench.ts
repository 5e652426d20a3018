// `npm run bench -- <name> [--quick] [--json FILE] [flags]`: runs the benchmark in scripts/bench/<name>.ts.
// A new benchmark is a new file there exporting `command` (see scripts/bench/lib/command.ts); files
// without that export are helpers.
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BenchCommand, BenchContext } from './bench/lib/command';

const BENCH_DIR = new URL('./bench/', import.meta.url);
const COMMON_FLAGS = {
  quick: { type: 'boolean', description: 'skip the slowest cases' },
  json: { type: 'string', description: 'also write every figure as JSON to this file' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

/** The .ts files directly in scripts/bench/; those exporting `command` are benchmarks, the rest helpers. */
function candidateNames(): string[] {
  return readdirSync(BENCH_DIR).filter((f) => /^[a-zA-Z][a-zA-Z0-9-]*\.ts$/.test(f)).map((f) => f.slice(0, -3)).sort();
}

async function loadCommand(name: string): Promise<BenchCommand | null> {
  const module = (await import(new URL(`${name}.ts`, BENCH_DIR).href)) as { command?: BenchCommand };
  return module.command ?? null;
}

async function commands(): Promise<Map<string, BenchCommand>> {
  const found = new Map<string, BenchCommand>();
  for (const name of candidateNames()) {
    const command = await loadCommand(name);
    if (command != null) found.set(name, command);
  }
  return found;
}

async function usage(): Promise<string> {
  const lines = ['usage: npm run bench -- <benchmark> [--quick] [--json FILE] [flags]', '', 'benchmarks:'];
  for (const [name, command] of await commands()) {
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
    for (const [flag, spec] of Object.entries(command.flags ?? {})) lines.push(`      --${flag}${spec.type === 'string' ? ' VALUE' : ''}  ${spec.description}`);
  }
  lines.push('', 'common flags:', ...Object.entries(COMMON_FLAGS).map(([f, s]) => `  --${f}  ${s.description}`));
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name == null || name.startsWith('-')) {
    console.log(await usage());
    return name == null ? 1 : 0;
  }
  const command = candidateNames().includes(name) ? await loadCommand(name) : null;
  if (command == null) {
    console.error(`unknown benchmark "${name}"; choose one of: ${[...(await commands()).keys()].join(', ')}`);
    return 1;
  }
  const options = { ...COMMON_FLAGS, ...command.flags } as NonNullable<ParseArgsConfig['options']>;
  const { values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
  if (values.help === true) {
    console.log(await usage());
    return 0;
  }
  const log = (message: string) => console.error(`[bench ${name}] ${message}`);
  const outcome = await command.run({ quick: values.quick === true, flags: values as BenchContext['flags'], log });
  console.log(outcome.text);
  if (typeof values.json === 'string') {
    await writeFile(values.json, JSON.stringify(outcome.json, null, 2) + '\n');
    log(`wrote ${values.json}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
