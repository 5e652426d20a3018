// Pure layout of a patching density curve: recovery with the top k components patched together, against k,
// with marks at 50 / 80 / 90 % and how many components each needs, in words.
import type { PatchHeatmap } from './causalResults';
import { layoutXY, xyCsv, type XYLayout, type XYSeries } from './xyLayout';

type Density = NonNullable<PatchHeatmap['density']>;

const pct = (f: number) => `${Math.round(f * 100)} %`;

/** "50 %: 1 component, 80 %: 2, 90 %: —": the unit goes with the first count only. */
export function neededText(needed: Density['needed']): string {
  return needed
    .map((n, i) => {
      if (n.components === null) return `${pct(n.fraction)}: —`;
      return `${pct(n.fraction)}: ${n.components}${i === 0 ? (n.components === 1 ? ' component' : ' components') : ''}`;
    })
    .join(', ');
}

export function densitySeries(density: Density): XYSeries[] {
  return [{ name: 'recovery', xs: density.recovery.map((_, k) => k + 1), ys: density.recovery }];
}

/** The curve over k = 1 … n, y from min(0, data) to max(1, data), a dashed mark per fraction. */
export function layoutPatchDensity(density: Density, width: number, height: number): XYLayout {
  const ys = density.recovery.filter(Number.isFinite);
  const yDomain: [number, number] = [Math.min(0, ...ys), Math.max(1, ...ys)];
  const n = density.recovery.length;
  return layoutXY(densitySeries(density), width, height, {
    yDomain,
    xDomain: [n > 1 ? 1 : 0, Math.max(2, n)],
    integerX: true,
    marks: density.needed.map((d) => ({ axis: 'y', value: d.fraction, label: pct(d.fraction) })),
  });
}

export function densityCsv(density: Density): string {
  return xyCsv('components', densitySeries(density));
}
