// Everything the scatter derives from its data, memoised: layout, visible points by class, the hover
// index, class counts and point size.
import { useMemo } from 'react';
import { pointRadius } from './drawPoints';
import { categoryCounts, groupByCategory, layoutScatter, visibleIndices } from './scatterLayout';
import { buildPointGrid } from './spatialIndex';

export interface ScatterModelInput {
  points: Float32Array;
  categories: ArrayLike<number>;
  categoryCount: number;
  hidden: ReadonlySet<number>;
  width: number;
  height: number;
  equalAspect?: boolean;
  /** Cell size of the hover index: the pick radius. */
  pickRadius: number;
}

export function useScatterModel({ points, categories, categoryCount, hidden, width, height, equalAspect, pickRadius }: ScatterModelInput) {
  const layout = useMemo(() => layoutScatter(points, { width, height, equalAspect }), [points, width, height, equalAspect]);
  const visible = useMemo(() => visibleIndices(layout, categories, hidden), [layout, categories, hidden]);
  const groups = useMemo(() => groupByCategory(visible, categories), [visible, categories]);
  const grid = useMemo(() => buildPointGrid(layout.pixels, visible, pickRadius), [layout, visible, pickRadius]);
  const counts = useMemo(() => categoryCounts(categories, layout.count, categoryCount), [categories, layout.count, categoryCount]);
  const radius = pointRadius(visible.length, layout.plot.width * layout.plot.height);
  // Dense clouds need translucency to show where points pile up.
  const alpha = visible.length > 5000 ? 0.6 : 0.85;
  return { layout, visible, groups, grid, counts, radius, alpha };
}

export type ScatterModel = ReturnType<typeof useScatterModel>;
