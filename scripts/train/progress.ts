// Progress lines for the terminal: step, loss, learning rate, gradient norm, tokens/s, elapsed and ETA.
import type { Evaluation } from '../organisms/types';

/** "1m05s" style durations; seconds below a minute keep one decimal. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  return m < 60 ? `${m}m${String(s).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatProgress(p: { step: number; loss: number; lr: number; gradNorm: number }, steps: number, tokens: number, elapsed: number): string {
  const width = String(steps).length;
  const eta = (elapsed / p.step) * (steps - p.step);
  const rate = tokens / Math.max(elapsed, 1e-9);
  return `step ${String(p.step).padStart(width)}/${steps}  loss ${p.loss.toFixed(4)}  lr ${p.lr.toExponential(2)}  |g| ${p.gradNorm.toFixed(2)}  ` +
    `${Math.round(rate).toLocaleString('en-US')} tok/s  elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(eta)}`;
}

/** One line per evaluation: each target's value with ✓ or ✗, then any mean probabilities (metrics named *_prob). */
export function formatEval(step: number, e: Evaluation): string {
  const parts = e.targets.map((t) => `${t.metric} ${t.value.toFixed(3)} ${t.pass ? '✓' : '✗'}`);
  const probs = Object.entries(e.metrics).filter(([k]) => k.endsWith('_prob')).map(([k, v]) => `${k} ${v.toFixed(3)}`);
  return `  eval @${step} (${e.prompts} prompts): ${[...parts, ...probs].join('  ')}`;
}
