// Moves points smoothly from one projection to the next (e.g. stepping through layers): when the
// target positions change and the count is the same, positions ease over `duration` ms.
import { useEffect, useRef } from 'react';

/** Cubic ease-in-out: starts and ends gently so the eye can follow points. */
export function easeInOut(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

/** Writes into `out` the positions a fraction `t` of the way from `from` to `to` (NaN ends jump). */
export function lerpPixels(from: Float32Array, to: Float32Array, t: number, out: Float32Array): Float32Array {
  for (let i = 0; i < to.length; i++) {
    const a = from[i], b = to[i];
    out[i] = Number.isFinite(a) && Number.isFinite(b) ? a + (b - a) * t : b;
  }
  return out;
}

function prefersReducedMotion(): boolean {
  return !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

/**
 * A ref to the positions to draw now; `onFrame` runs after each step so the caller can repaint.
 * Motion is skipped when `enabled` is false or the user asks for reduced motion.
 */
export function useTweenedPixels(target: Float32Array, enabled: boolean, onFrame: () => void, duration = 450) {
  const shown = useRef<Float32Array>(target);
  const frameCb = useRef(onFrame);
  useEffect(() => {
    frameCb.current = onFrame;
  });
  useEffect(() => {
    const from = shown.current;
    if (!enabled || from === target || from.length !== target.length || prefersReducedMotion()) {
      shown.current = target;
      frameCb.current();
      return;
    }
    const start = performance.now();
    const scratch = new Float32Array(target.length);
    const fromCopy = Float32Array.from(from);
    let raf = 0;
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / duration);
      shown.current = t >= 1 ? target : lerpPixels(fromCopy, target, easeInOut(t), scratch);
      frameCb.current();
      if (t < 1) raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    // An interrupted tween leaves shown.current mid-way; the next one starts from there.
    return () => cancelAnimationFrame(raf);
  }, [target, enabled, duration]);
  return shown;
}
