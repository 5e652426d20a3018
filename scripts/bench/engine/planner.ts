// Decides which measurements fit one backend's time budget, predicting each from what that backend
// has measured so far: a slow backend skips its costliest cases (and says so) instead of taking hours.
import type { ModelConfig } from '../../../src/model/config';
import { forwardFlops } from './flops';
import type { BenchModelId } from './models';

export type Part = 'forward' | 'matmul' | 'hooks';

/** One measurement of one case of a model. */
export interface Step {
  part: Part;
  tokens: number;
}

/**
 * Rough cost of each part, in forward passes: forward = warm-up + one timed run; matmul = a warm-up
 * of every linear layer (≈ 0.8 of a pass) + one round of a pass and the layers again; hooks = a
 * warm-up pair + one timed pair, the hooked run counted as 1.3 passes.
 */
const COST_IN_PASSES: Record<Part, number> = { forward: 2, matmul: 2.6, hooks: 4.6 };

/** Forwards first (the headline figure), then matmul rates, then hook overhead; shortest prompts first. */
export function orderSteps(tokens: readonly number[], hookTokens: number | null): Step[] {
  const sorted = [...tokens].sort((a, b) => a - b);
  const steps: Step[] = [
    ...sorted.map((t): Step => ({ part: 'forward', tokens: t })),
    ...sorted.map((t): Step => ({ part: 'matmul', tokens: t })),
  ];
  if (hookTokens != null) steps.push({ part: 'hooks', tokens: hookTokens });
  return steps;
}

interface Measured {
  model: BenchModelId;
  flops: number;
  ms: number;
}

export class BudgetPlanner {
  private readonly start = performance.now();
  private readonly measured: Measured[] = [];

  constructor(private readonly budgetMs: number) {}

  /** Records a forward pass's median time, the basis of later predictions. */
  record(model: BenchModelId, config: ModelConfig, tokens: number, ms: number): void {
    this.measured.push({ model, flops: forwardFlops(config, 1, tokens).total, ms });
  }

  /**
   * Why `part` of this case does not fit, or null when it does. With nothing measured yet there is
   * no prediction and it runs; another model's rate (tiny models run slower per FLOP) stands in for
   * a model not yet measured, which errs towards skipping.
   */
  skipReason(model: BenchModelId, config: ModelConfig, tokens: number, part: Part): string | null {
    const same = this.measured.filter((m) => m.model === model);
    const basis = (same.length > 0 ? same : this.measured).at(-1);
    if (basis == null) return null;
    const passMs = (forwardFlops(config, 1, tokens).total / basis.flops) * basis.ms;
    const predicted = COST_IN_PASSES[part] * passMs;
    const left = this.budgetMs - (performance.now() - this.start);
    if (predicted <= left) return null;
    return `predicted ~${seconds(predicted)} s (a pass ~${seconds(passMs)} s), ${seconds(Math.max(0, left))} s left of the ${seconds(this.budgetMs)} s budget`;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}
