// `npm run bench -- engine`: tokens/s of the forward pass, the cost of reading every hook, and the
// share of the backend's own matmul speed that a pass achieves, on every tfjs backend in Node and Chromium.
import type { BackendName } from '../../src/model/backend';
import type { BenchCommand, BenchContext, BenchOutcome } from './lib/command';
import { describeMachine, finishMachine } from './lib/machine';
import { runChromiumSuites } from './engine/chromium';
import { BENCH_MODELS } from './engine/models';
import { runNodeSuites } from './engine/node';
import { formatEngineReport, type EngineReport, type EnvName, type SuiteRecord } from './engine/report';
import type { EnginePlans, SuiteSpec } from './engine/suite';

const TOKENS = [32, 128];
/** The hook overhead is measured where the brief's goal is stated: GPT-2-small at T = 32. */
const HOOKS = { model: 'gpt2-small', tokens: 32 } as const;
const BACKENDS: Record<EnvName, BackendName[]> = { node: ['wasm', 'cpu'], chromium: ['wasm', 'webgl', 'webgpu', 'cpu'] };
/** Seconds each backend may take; a case predicted not to fit is skipped with the reason shown. */
const BUDGET_S = { full: 75, quick: 30 };

const PLANS: EnginePlans = {
  forward: { warmup: 1, minReps: 1, maxReps: 5, budgetMs: 5000 },
  hooks: { warmup: 1, minReps: 1, maxReps: 7, budgetMs: 8000 },
  // A round is one forward pass plus every linear-layer matmul (see engine/matmulRate.ts).
  matmul: { warmup: 0, minReps: 1, maxReps: 5, budgetMs: 5000 },
};

interface Settings {
  quick: boolean;
  budgetS: number;
  envs: EnvName[];
  /** Only these backends (default: all of each environment). */
  backends: BackendName[] | null;
}

function readSettings(context: BenchContext): Settings {
  const { budget, only, backends } = context.flags;
  const budgetS = budget == null ? BUDGET_S[context.quick ? 'quick' : 'full'] : Number(budget);
  if (!(budgetS > 0)) throw new Error(`--budget takes seconds per backend, e.g. --budget 120 (got ${String(budget)})`);
  if (only != null && only !== 'node' && only !== 'chromium') throw new Error(`--only takes node or chromium (got ${String(only)})`);
  const known = BACKENDS.chromium;
  const chosen = typeof backends === 'string' ? (backends.split(',') as BackendName[]) : null;
  const unknown = chosen?.filter((b) => !known.includes(b)) ?? [];
  if (unknown.length > 0) throw new Error(`--backends takes a comma-separated list of ${known.join(', ')} (got ${unknown.join(', ')})`);
  return { quick: context.quick, budgetS, envs: only == null ? ['node', 'chromium'] : [only], backends: chosen };
}

function specsFor(env: EnvName, settings: Settings): SuiteSpec[] {
  const backends = BACKENDS[env].filter((b) => settings.backends?.includes(b) ?? true);
  return backends.map((backend) => ({
    backend,
    models: [...BENCH_MODELS],
    tokens: TOKENS,
    // Node's cpu backend is the same JS as Chromium's, where its hook overhead is measured if time allows.
    hooks: env === 'node' && backend === 'cpu' ? null : HOOKS,
    budgetMs: settings.budgetS * 1000,
    // Without --quick every backend gets at least one GPT-2-small figure, however slow.
    forceFirstForward: !settings.quick,
    plans: PLANS,
  }));
}

async function run(context: BenchContext): Promise<BenchOutcome> {
  const settings = readSettings(context);
  const machine = describeMachine();
  const date = new Date().toISOString();
  const suites: SuiteRecord[] = [];
  const nodeSpecs = settings.envs.includes('node') ? specsFor('node', settings) : [];
  const chromiumSpecs = settings.envs.includes('chromium') ? specsFor('chromium', settings) : [];
  if (nodeSpecs.length + chromiumSpecs.length === 0) throw new Error('nothing to measure: --only and --backends leave no backend');
  if (nodeSpecs.length > 0) {
    const specs = nodeSpecs;
    const runs = await runNodeSuites(specs, context.log);
    runs.forEach((run, i) => suites.push({ env: 'node', spec: specs[i], ...run }));
  }
  let chromium: EngineReport['chromium'] = null;
  if (chromiumSpecs.length > 0) {
    const specs = chromiumSpecs;
    const browser = await runChromiumSuites(specs, context.log);
    chromium = { version: browser.version, userAgent: browser.userAgent };
    browser.runs.forEach((run, i) => suites.push({ env: 'chromium', spec: specs[i], ...run }));
  }
  const args = process.argv.slice(2).join(' ');
  const report: EngineReport = {
    command: `npm run bench -- ${args}`, date, quick: settings.quick, budgetS: settings.budgetS,
    machine: finishMachine(machine), chromium, suites,
  };
  return { text: formatEngineReport(report), json: report };
}

export const command: BenchCommand = {
  summary: 'forward tokens/s, hook overhead and matmul efficiency of src/model on every tfjs backend (Node + Chromium)',
  flags: {
    budget: { type: 'string', description: `seconds each backend may take (default ${BUDGET_S.full}, ${BUDGET_S.quick} with --quick)` },
    only: { type: 'string', description: 'node or chromium: measure in one environment only' },
    backends: { type: 'string', description: 'comma-separated subset of wasm,webgl,webgpu,cpu (default all)' },
  },
  run,
};
