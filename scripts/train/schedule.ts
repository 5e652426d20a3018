// Learning-rate schedule: linear warmup to the peak, then cosine or linear decay to a floor.
import type { TrainingDefaults } from '../organisms/types';

export type ScheduleOptions = Pick<TrainingDefaults, 'lr' | 'minLrFraction' | 'warmupSteps' | 'schedule'>;

/** Learning rate at `step` (1-based) of `total` steps. */
export function learningRate(step: number, total: number, o: ScheduleOptions): number {
  if (o.warmupSteps > 0 && step <= o.warmupSteps) return (o.lr * step) / o.warmupSteps;
  const span = Math.max(1, total - o.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - o.warmupSteps) / span));
  const decay = o.schedule === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  const floor = o.lr * o.minLrFraction;
  return floor + (o.lr - floor) * decay;
}
