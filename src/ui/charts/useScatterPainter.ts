// Paints the scatter's canvas at most once per animation frame, after data, selection, theme or
// zoom change, and while points tween between projections.
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ChartTheme } from '../theme';
import { drawPoints, prepareCanvas } from './drawPoints';
import { IDENTITY, type ZoomTransform } from './scatterLayout';
import type { ScatterModel } from './useScatterModel';
import { useTweenedPixels } from './useTweenedPixels';

export function useScatterPainter(canvas: RefObject<HTMLCanvasElement | null>, transform: RefObject<ZoomTransform>, model: ScatterModel, selected: ReadonlySet<number>, theme: ChartTheme, animate: boolean) {
  // The zoom the axes show; updated with each painted frame so axes and points move together.
  const [view, setView] = useState<ZoomTransform>(IDENTITY);
  const pending = useRef(0);
  const paint = useRef<() => void>(() => {});
  const requestPaint = useCallback(() => {
    if (pending.current) return;
    pending.current = requestAnimationFrame(() => {
      pending.current = 0;
      paint.current();
    });
  }, []);
  const shown = useTweenedPixels(model.layout.pixels, animate, requestPaint);
  const { layout, groups, radius, alpha } = model;

  useLayoutEffect(() => {
    paint.current = () => {
      const t = transform.current;
      const ctx = canvas.current && prepareCanvas(canvas.current, layout.width, layout.height);
      if (ctx) drawPoints(ctx, { pixels: shown.current, groups, transform: t, clip: layout.plot, radius, alpha, selected, outline: theme.fg });
      setView(t);
    };
    requestPaint();
  }, [canvas, transform, shown, layout, groups, radius, alpha, selected, theme, requestPaint]);

  // Reset the handle too: StrictMode unmounts and remounts, and a stale handle would block every later paint.
  useLayoutEffect(
    () => () => {
      cancelAnimationFrame(pending.current);
      pending.current = 0;
    },
    [],
  );
  return { view, requestPaint };
}
