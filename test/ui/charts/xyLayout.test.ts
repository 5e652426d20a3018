import { describe, expect, it } from 'vitest';
import { OKABE_ITO } from '../../../src/ui/palette';
import { layoutXY, nearestStop, valuesAt, xyCsv, type XYSeries } from '../../../src/ui/charts/xyLayout';

const series: XYSeries[] = [
  { name: 'one-shot', xs: [0, 4, 8], ys: [0, 0.5, 1] },
  { name: 'random', xs: [0, 4, 8], ys: [0, null, 0.1], color: '#999999', dash: '2 3' },
];

describe('layoutXY', () => {
  const l = layoutXY(series, 400, 240, { yDomain: [0, 1], xDomain: [0, 8], marks: [{ axis: 'y', value: 0.5, label: '50 %' }, { axis: 'x', value: 4, label: 'α = 4' }] });

  it('places markers at their values on linear scales', () => {
    const dots = l.paths[0].dots;
    expect(dots.map((d) => d.x)).toEqual([l.plot.left, l.plot.left + l.plot.width / 2, l.plot.left + l.plot.width]);
    expect(dots.map((d) => d.y)).toEqual([l.plot.top + l.plot.height, l.plot.top + l.plot.height / 2, l.plot.top]);
  });

  it('leaves gaps at missing values and keeps given colours, else Okabe–Ito by index', () => {
    expect(l.paths[1].dots.map((d) => d.at)).toEqual([0, 8]);
    expect(l.paths[1].line.match(/M/g)!.length).toBe(2);
    expect([l.paths[0].color, l.paths[1].color, l.paths[1].dash]).toEqual([OKABE_ITO[0], '#999999', '2 3']);
  });

  it('draws horizontal and vertical marks across the plot', () => {
    const [h, v] = l.marks;
    expect([h.x1, h.x2, h.y1, h.y2]).toEqual([l.plot.left, l.plot.left + l.plot.width, l.y(0.5), l.y(0.5)]);
    expect([v.x1, v.y1, v.y2]).toEqual([l.x(4), l.plot.top, l.plot.top + l.plot.height]);
  });

  it('keeps only integer x ticks for counts', () => {
    const counts = layoutXY([{ name: 'r', xs: [1, 2, 3], ys: [0.2, 0.5, 0.9] }], 500, 200, { integerX: true });
    expect(counts.xTicks.length).toBeGreaterThan(0);
    expect(counts.xTicks.every((t) => Number.isInteger(t.value))).toBe(true);
  });

  it('takes the y domain from the data and the marks when none is given', () => {
    const auto = layoutXY([{ name: 'r', xs: [1, 2], ys: [0.2, 0.4] }], 300, 200, { marks: [{ axis: 'y', value: 0.9, label: '' }] });
    expect(auto.y.domain()[1]).toBeGreaterThan(0.9);
    expect(auto.y.domain()[0]).toBeLessThan(0.2);
  });

  it('rejects series whose xs and ys differ in length', () => {
    expect(() => layoutXY([{ name: 'bad', xs: [1, 2], ys: [1] }], 300, 200)).toThrow(/"bad" has 2 x values and 1 y values/);
  });
});

describe('xy readout and export', () => {
  const l = layoutXY(series, 400, 240, { xDomain: [0, 8] });

  it('finds the x stop nearest a pixel', () => {
    expect(l.stops.map((s) => s.value)).toEqual([0, 4, 8]);
    expect(nearestStop(l, l.x(5.5))).toBe(1);
    expect(nearestStop(l, l.x(7))).toBe(2);
    expect(nearestStop(layoutXY([], 300, 200), 10)).toBeNull();
  });

  it('reads every series at an x, null where a series has none', () => {
    expect(valuesAt(series, 4)).toEqual([0.5, null]);
    expect(valuesAt(series, 3)).toEqual([null, null]);
  });

  it('writes one CSV row per distinct x', () => {
    expect(xyCsv('alpha', series)).toBe('alpha,one-shot,random\r\n0,0,0\r\n4,0.5,\r\n8,1,0.1\r\n');
  });
});

describe('xy marks', () => {
  it('lifts the label of a mark that would overlap the label of the mark below it', () => {
    const l = layoutXY([{ name: 'r', xs: [1, 2], ys: [0, 1] }], 300, 200, { yDomain: [0, 1], marks: [{ axis: 'y', value: 0.85, label: '85 %' }, { axis: 'y', value: 0.5, label: '50 %' }, { axis: 'y', value: 0.8, label: '80 %' }] });
    const [m90, m50, m80] = l.marks;
    expect(m50.labelY).toBe(m50.y1 - 3);
    expect(m80.labelY).toBe(m80.y1 - 3);
    expect(m80.y1 - m90.y1).toBeLessThan(11);
    expect(m90.labelY).toBe(m80.labelY - 11);
  });

  it('labels integer ticks without decimals', () => {
    const l = layoutXY([{ name: 'r', xs: [1, 2, 3], ys: [0, 1, 2] }], 600, 200, { integerX: true, xDomain: [1, 3] });
    expect(l.xTicks.map((t) => t.label)).toEqual(['1', '2', '3']);
  });
});
