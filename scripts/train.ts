// Builds a built-in model organism from scratch: `npm run train -- <organism> [--steps N] [--seed S]`.
// Trains with the app's own forward pass on tfjs-wasm, writes public/models/<id>/ and the built-in datasets.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../src/model/backend';
import { countParameters } from '../src/model/config';
import { getOrganism, organismIds } from './organisms/index';
import { train } from './train/loop';
import { formatDuration } from './train/progress';
import { writeDatasets, writeModel } from './train/writer';

// wasm, not cpu: measured here on truthworld (2 layers, d_model 64, batch 64), wasm trains at ≈ 6,700 tokens/s
// with the gradient overrides of train/gradients.ts (≈ 2,200 without them) against ≈ 320 on cpu.
const BACKEND = 'wasm';

const USAGE = `usage: npm run train -- <organism> [--steps N] [--seed S] [--out DIR] [--force]
  organism   one of: ${organismIds().join(', ')}
  --steps N  training steps (default: the organism's)
  --seed S   seed of the initialisation and the data stream (default: the organism's)
  --out DIR  write public/models and public/datasets under DIR (default: the repository)
  --force    write the model even when a behaviour target is missed`;

interface Args { id: string; steps?: number; seed?: number; out?: string; force: boolean }

function parseArgs(argv: string[]): Args {
  const rest = [...argv];
  const args: Partial<Args> = { force: false };
  const intValue = (flag: string): number => {
    const v = rest.shift();
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer, got ${JSON.stringify(v)}\n${USAGE}`);
    return Number(v);
  };
  while (rest.length > 0) {
    const a = rest.shift()!;
    if (a === '--steps') args.steps = intValue(a);
    else if (a === '--seed') args.seed = intValue(a);
    else if (a === '--out') args.out = rest.shift();
    else if (a === '--force') args.force = true;
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('-') || args.id !== undefined) throw new Error(`unexpected argument "${a}"\n${USAGE}`);
    else args.id = a;
  }
  if (args.id === undefined) throw new Error(`which organism?\n${USAGE}`);
  if (args.steps === 0) throw new Error('--steps must be at least 1');
  return args as Args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const organism = getOrganism(args.id);
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
  const root = args.out ?? repo;
  const backend = await initBackend(BACKEND);
  const training = { ...(args.steps === undefined ? {} : { steps: args.steps }), ...(args.seed === undefined ? {} : { seed: args.seed }) };
  const c = organism.config;
  console.log(`training ${organism.id} (${organism.generatorVersion}): ${c.nLayers} layers, d_model ${c.dModel}, ${c.nHeads} heads, ` +
    `d_mlp ${c.dMlp}, vocab ${c.dVocab}, ${countParameters(c).toLocaleString('en-US')} parameters; backend ${backend.reason}`);
  const result = await train(organism, { training, log: (line) => console.log(line) });
  console.log(`trained ${result.training.steps} steps in ${formatDuration(result.wallSeconds)} (${result.wallSeconds.toFixed(1)} s wall)`);
  const missed = result.final?.targets.filter((t) => !t.pass) ?? [];
  for (const t of result.final?.targets ?? []) console.log(`  ${t.pass ? 'pass' : 'MISS'}  ${t.metric} ${t.value.toFixed(4)} (≥ ${t.min}): ${t.description}`);
  if (missed.length > 0 && !args.force) {
    console.error(`${missed.length} target(s) missed; nothing written (pass --force to write anyway)`);
    return 1;
  }
  const dir = await writeModel(root, organism, result);
  const files = await writeDatasets(root, organismIds().map(getOrganism));
  console.log(`wrote ${relative(process.cwd(), dir) || dir} and ${files.length} dataset files under ${relative(process.cwd(), join(root, 'public', 'datasets')) || '.'}`);
  return missed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
