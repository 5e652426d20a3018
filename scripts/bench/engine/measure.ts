// Forward-pass timings on the current tfjs backend: a plain pass, and a pass that reads every hook
// against a plain one (the matmul yardstick lives in matmulRate.ts).
import { runModel, type ModelCore } from '../../../src/model/cache';
import { hookNames } from '../../../src/model/hooks';
import { timePaired, timeRepeated, type RepeatPlan } from '../lib/stats';

/** A plain forward pass: logits at every position, read back to the host. */
export async function forwardOnce(model: ModelCore, prompt: number[]): Promise<Float32Array | null> {
  const { logits } = await runModel(model, [prompt], { logits: 'all' });
  return logits?.data ?? null;
}

/** Checked after timing, so the scan of up to 6M logits is not part of any timed run. */
function assertFinite(logits: Float32Array | null): void {
  if (logits == null || !logits.every(Number.isFinite)) throw new Error('the forward pass gave missing or non-finite logits');
}

/** Milliseconds of each timed forward pass, by the wall clock and, where given, by the process's CPU clock. */
export async function timeForward(
  model: ModelCore,
  prompt: number[],
  plan: RepeatPlan,
  cpuClock?: () => number,
): Promise<{ wall: number[]; cpu?: number[] }> {
  let last: Float32Array | null = null;
  const cpu: number[] = [];
  const wall = await timeRepeated(async () => {
    const start = cpuClock?.() ?? 0;
    last = await forwardOnce(model, prompt);
    if (cpuClock) cpu.push(cpuClock() - start);
  }, plan);
  assertFinite(last);
  return { wall, cpu: cpuClock ? cpu.slice(plan.warmup) : undefined };
}

/** Times a pass that reads every hook (position 'all') plus logits against one with logits only, alternately. */
export async function timeHookOverhead(model: ModelCore, prompt: number[], plan: RepeatPlan): Promise<{ plain: number[]; hooked: number[]; hooks: number }> {
  const names = hookNames(model.config);
  const hooked = async () => {
    const { cache, logits } = await runModel(model, [prompt], { names, position: 'all', logits: 'all' });
    if (cache.size !== names.length || logits == null) throw new Error(`expected ${names.length} hooks and logits, got ${cache.size}`);
  };
  const times = await timePaired(() => forwardOnce(model, prompt), hooked, plan);
  return { plain: times.a, hooked: times.b, hooks: names.length };
}
