// The engine benchmark's readable report: machine and backends first, then forward throughput with
// the matmul fraction, per-shape matmul rates and hook overhead, each goal marked pass or MISS.
import { formatMachine, type MachineInfo } from '../lib/machine';
import { median } from '../lib/stats';
import { formatNumber, formatTable, Notes, type Column } from '../lib/table';
import type { CaseResult, SuiteResult, SuiteRun, SuiteSpec } from './suite';

export type EnvName = 'node' | 'chromium';

export interface SuiteRecord extends SuiteRun {
  env: EnvName;
  spec: SuiteSpec;
}

export interface EngineReport {
  command: string;
  date: string;
  quick: boolean;
  budgetS: number;
  machine: MachineInfo;
  chromium: { version: string; userAgent: string } | null;
  suites: SuiteRecord[];
}

/** Forward FLOP/s ÷ matmul FLOP/s on wasm, GPT-2-small: the goal of the engine. */
export const FRACTION_GOAL = 0.5;
/** Reading every hook may cost at most this factor over a plain pass. */
export const HOOK_GOAL = 1.1;

/** What the notes from initBackend leave out: how many threads the CPU-side backends use. */
function threadNote(env: EnvName, backend: string): string | undefined {
  if (backend === 'cpu') return 'plain JavaScript kernels, single-threaded';
  if (backend !== 'wasm') return undefined;
  return env === 'node' ? 'single-threaded (tfjs has no wasm threads in Node)' : 'single-threaded (backend.ts turns wasm threads off)';
}

function header(r: EngineReport): string[] {
  const lines = [
    'Repscope engine benchmark',
    `command: ${r.command}`,
    `date: ${r.date}`,
    ...formatMachine(r.machine),
    r.chromium == null ? 'chromium: not run' : `chromium: ${r.chromium.version}, headless, --disable-gpu (so webgl and webgpu run on SwiftShader, in software)`,
    'backends:',
  ];
  for (const { env, result, load } of r.suites) {
    const what = [result.note, threadNote(env, result.backend), result.error && `UNAVAILABLE: ${result.error}`].filter(Boolean).join('; ');
    const took = result.elapsedMs == null ? '' : `${Math.round(result.elapsedMs / 1000)} s, `;
    lines.push(`  ${env} ${result.backend}: ${what} [${took}load ${load[0].toFixed(1)}→${load[1].toFixed(1)}]`);
  }
  const plan = r.suites[0]?.spec.plans.forward;
  lines.push(
    `method: batch 1, seeded random token ids; median of up to ${plan?.maxReps} timed runs after ${plan?.warmup} warm-up, fewer when runs are slow;`,
    `  each backend has a ${r.budgetS} s budget and skips what its own earlier figures predict will not fit${r.quick ? ' (--quick)' : ''}.`,
    '  of matmul: forward FLOP/s ÷ the backend\'s FLOP/s on the pass\'s own linear-layer matmuls; rounds time one pass then',
    '  every matmul, so drift in the machine\'s speed hits both; median over rounds (so not exactly GFLOP/s ÷ matmul GFLOP/s).',
    '  CPU ms (Node only): the process\'s own CPU time per pass; well below median ms means other processes took the cores.',
    '  FLOPs: 2 per multiply-add over all linear layers, q·kᵀ, pattern·v and the unembedding (elementwise ops not counted).',
  );
  return lines;
}

function casesOf(r: EngineReport): { env: EnvName; result: SuiteResult; c: CaseResult }[] {
  return r.suites.flatMap(({ env, result }) => result.cases.map((c) => ({ env, result, c })));
}

function mark(ok: boolean): string {
  return ok ? 'pass' : 'MISS';
}

function percent(value: number | undefined): string {
  return value == null ? '—' : `${Math.round(100 * value)}%`;
}

function forwardTable(r: EngineReport): string {
  const notes = new Notes();
  const columns: Column[] = [
    { header: 'env' }, { header: 'backend' }, { header: 'model' }, { header: 'T', align: 'right' }, { header: 'runs', align: 'right' },
    { header: 'median ms', align: 'right' }, { header: 'CPU ms', align: 'right' }, { header: 'tokens/s', align: 'right' }, { header: 'GFLOP/s', align: 'right' },
    { header: 'matmul GFLOP/s', align: 'right' }, { header: 'of matmul', align: 'right' }, { header: `goal ≥${percent(FRACTION_GOAL)}` }, { header: 'notes' },
  ];
  const rows = casesOf(r).map(({ env, result, c }) => {
    const remarks = [c.skipped.forward && `forward skipped: ${c.skipped.forward}`, c.skipped.matmul && `matmul rate skipped: ${c.skipped.matmul}`, c.error]
      .filter((t): t is string => Boolean(t)).map((t) => notes.add(t));
    const goal = result.backend === 'wasm' && c.model === 'gpt2-small' && c.fraction != null ? mark(c.fraction >= FRACTION_GOAL) : '';
    return [
      env, result.backend, c.model, String(c.tokens), String(c.forwardMs?.length ?? '—'), formatNumber(c.medianMs),
      formatNumber(c.forwardCpuMs && median(c.forwardCpuMs)), formatNumber(c.tokensPerSecond),
      formatNumber(c.gflops), formatNumber(c.matmul?.gflops), percent(c.fraction), goal, remarks.join(' '),
    ];
  });
  const title = 'Forward pass: logits at every position, read back with await data()';
  return [title, formatTable(columns, rows), notes.format()].filter(Boolean).join('\n');
}

function matmulTable(r: EngineReport): string {
  const measured = casesOf(r).filter(({ c }) => c.matmul != null);
  if (measured.length === 0) return '';
  const labels = measured[0].c.matmul!.shapes.map((s) => s.label);
  const columns: Column[] = [{ header: 'env' }, { header: 'backend' }, { header: 'model' }, { header: 'T', align: 'right' },
    ...labels.map((l): Column => ({ header: l, align: 'right' })), { header: 'weighted', align: 'right' }];
  const rows = measured.map(({ env, result, c }) => [
    env, result.backend, c.model, String(c.tokens), ...c.matmul!.shapes.map((s) => formatNumber(s.gflops)), formatNumber(c.matmul!.gflops),
  ]);
  const gpt2 = measured.find(({ c }) => c.model === 'gpt2-small')?.c.matmul?.shapes;
  const shapes = (gpt2 ?? measured[0].c.matmul!.shapes).map((s) => `${s.label} [T,${s.k}]×[${s.k},${s.n}] ×${s.count}`).join(', ');
  const explain = `  shapes (${gpt2 ? 'gpt2-small' : measured[0].c.model}): ${shapes}; weighted = all their FLOPs ÷ all their time.`;
  return ['Plain 2-D matmul rates, GFLOP/s (the yardstick of "of matmul" above)', formatTable(columns, rows), explain].join('\n');
}

function hookTable(r: EngineReport): string {
  const notes = new Notes();
  const columns: Column[] = [
    { header: 'env' }, { header: 'backend' }, { header: 'model' }, { header: 'T', align: 'right' }, { header: 'hooks', align: 'right' },
    { header: 'pairs', align: 'right' }, { header: 'plain ms', align: 'right' }, { header: 'hooked ms', align: 'right' },
    { header: 'ratio', align: 'right' }, { header: `goal ≤${HOOK_GOAL.toFixed(2)}×` }, { header: 'notes' },
  ];
  const rows = r.suites.flatMap(({ env, spec, result }) => result.cases
    .filter((c) => spec.hooks != null && c.model === spec.hooks.model && c.tokens === spec.hooks.tokens)
    .map((c) => {
      const h = c.hookOverhead;
      const skip = c.skipped.hooks ?? (h == null ? c.skipped.forward ?? c.error : undefined);
      return [
        env, result.backend, c.model, String(c.tokens), String(h?.count ?? '—'), String(h?.plainMs.length ?? '—'),
        formatNumber(h && median(h.plainMs)), formatNumber(h && median(h.hookedMs)), h ? `${h.ratio.toFixed(2)}×` : '—',
        h ? mark(h.ratio <= HOOK_GOAL) : '', skip ? notes.add(`skipped: ${skip}`) : '',
      ];
    }));
  const title = "Hook overhead: every hook (position 'all') plus logits, against logits only, timed in alternation";
  return [title, formatTable(columns, rows), notes.format()].filter(Boolean).join('\n');
}

function goalSummary(r: EngineReport): string {
  const all = casesOf(r);
  const fractions = all.filter(({ result, c }) => result.backend === 'wasm' && c.model === 'gpt2-small' && c.fraction != null);
  const hooks = all.filter(({ c }) => c.hookOverhead != null);
  const count = (ok: number, n: number) => (n === 0 ? 'not measured' : `${ok}/${n} pass`);
  return [
    'Goals',
    `  forward ≥ ${percent(FRACTION_GOAL)} of the matmul rate on wasm (gpt2-small): ${count(fractions.filter(({ c }) => c.fraction! >= FRACTION_GOAL).length, fractions.length)}`,
    `  hook overhead ≤ ${HOOK_GOAL.toFixed(2)}×: ${count(hooks.filter(({ c }) => c.hookOverhead!.ratio <= HOOK_GOAL).length, hooks.length)}`,
  ].join('\n');
}

export function formatEngineReport(r: EngineReport): string {
  return [header(r).join('\n'), forwardTable(r), matmulTable(r), hookTable(r), goalSummary(r)].filter(Boolean).join('\n\n');
}
