// Pure data for the steering view: the generations side by side with their hits, the scores in one
// sentence, the α sweep (first-token success, one-shot and continual, with the random-direction control)
// and the mean projection on the direction over the generated tokens.
import type { SteerScoreView, SteerView } from './causalResults';
import { layoutXY, type XYLayout, type XYMark, type XYSeries } from './xyLayout';

/** The random-direction control is grey and dotted in every chart. */
export const CONTROL_STYLE = { color: '#999999', dash: '2 3' } as const;

export interface GenerationRow {
  prompt: string;
  target: string | null;
  unsteered: string;
  steered: string;
  unsteeredHit: boolean | null;
  steeredHit: boolean | null;
}

/** One row per prompt; generations are the tokens' texts joined. */
export function generationRows(result: SteerView, prompts: readonly string[], targets: readonly (string | null)[] = []): GenerationRow[] {
  return prompts.map((prompt, i) => ({
    prompt,
    target: targets[i] || null,
    unsteered: result.unsteered[i]?.tokens.join('') ?? '',
    steered: result.steered[i]?.tokens.join('') ?? '',
    unsteeredHit: result.unsteered[i]?.hit ?? null,
    steeredHit: result.steered[i]?.hit ?? null,
  }));
}

export const percent = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–');

/** "steered: 94% of prompts give their target (unsteered 0%, random direction 6%)". */
export function scoresLine(scores: SteerView['scores']): string {
  return `steered: ${percent(scores.steered.firstToken)} of prompts give their target (unsteered ${percent(scores.unsteered.firstToken)}, random direction ${percent(scores.random.firstToken)})`;
}

/** First-token success against α: one-shot, continual and the random direction. */
export function sweepSeries(sweep: NonNullable<SteerView['sweep']>): XYSeries[] {
  const at = (scores: readonly SteerScoreView[]) => scores.map((s) => s?.firstToken ?? null);
  return [
    { name: 'one-shot', xs: sweep.alphas, ys: at(sweep.oneshot) },
    { name: 'continual', xs: sweep.alphas, ys: at(sweep.continual) },
    { name: 'random direction', xs: sweep.alphas, ys: at(sweep.random), ...CONTROL_STYLE },
  ];
}

/** The sweep on a 0 … 1 axis, with the α of the generations marked when given. */
export function layoutSteerSweep(sweep: NonNullable<SteerView['sweep']>, width: number, height: number, alpha?: number | null): XYLayout {
  const marks: XYMark[] = alpha !== undefined && alpha !== null && Number.isFinite(alpha) ? [{ axis: 'x', value: alpha, label: `α = ${alpha}` }] : [];
  const xs = [...sweep.alphas, ...marks.map((m) => m.value)];
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const pad = (hi - lo) * 0.03 || 1;
  return layoutXY(sweepSeries(sweep), width, height, { yDomain: [0, 1], xDomain: xs.length ? [lo - pad, hi + pad] : [0, 1], marks });
}

/** Mean projection per generated token (1-based x): unsteered, one-shot and continual. */
export function projectionSeries(projection: SteerView['projection']): XYSeries[] {
  const s = (name: string, ys: readonly number[]) => ({ name, xs: ys.map((_, i) => i + 1), ys });
  return [s('unsteered', projection.unsteered), s('one-shot', projection.oneshot), s('continual', projection.continual)];
}

export function layoutSteerProjection(projection: SteerView['projection'], width: number, height: number): XYLayout {
  const n = Math.max(projection.unsteered.length, projection.oneshot.length, projection.continual.length);
  return layoutXY(projectionSeries(projection), width, height, { integerX: true, xDomain: [n > 1 ? 1 : 0, Math.max(2, n)], marks: [{ axis: 'y', value: 0, label: '' }] });
}
