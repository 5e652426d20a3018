// A fresh load's first screen at 1280×800: saves a screenshot to test-artifacts/ and checks the layout of
// the main panels (scatter, probe chart, small multiples, directions, dataset summary, backend badge):
// each visible, sized, inside the viewport's width, not overlapping another, and not empty.
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { mountApp, points, settle, type Mounted } from './explorerHarness';
import { canvasInk, inkPixels, layoutProblems, svgMarks, textMatches, type PanelSpec } from './layoutCheck';

let m: Mounted | null = null;
afterAll(async () => { await m?.unmount(); }, 30_000);

function panels(m: Mounted): PanelSpec[] {
  return [
    { name: 'scatter', el: m.q('scatter'), empty: (el) => (points(m) > 0 ? canvasInk(20)(el) : 'data-points is 0') },
    { name: 'probe chart', el: m.q('probe-chart'), empty: svgMarks('path.rs-probe') },
    { name: 'small multiples', el: m.q('small-multiples'), empty: canvasInk(20) },
    { name: 'direction reading accuracy', el: m.q('directions-accuracy'), empty: svgMarks('path') },
    { name: 'direction cosine', el: m.q('directions-cosine'), empty: svgMarks('rect', 4) },
    { name: 'CKA', el: m.q('cka'), empty: svgMarks('rect', 4) },
    { name: 'dataset summary', el: m.q('dataset-summary'), empty: textMatches(/\d+ prompts/) },
    { name: 'backend badge', el: m.q('backend-badge'), empty: textMatches(/^(wasm|webgl|webgpu|cpu)$/) },
  ];
}

describe('the explorer layout', () => {
  it('counts the drawn pixels of a canvas, so that an empty one is caught', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 40, 30);
    expect(inkPixels(canvas)).toBe(0);
    ctx.fillStyle = '#c00';
    ctx.fillRect(5, 5, 4, 5);
    expect(inkPixels(canvas)).toBe(20);
  });

  it('flags a missing, empty, overlapping or overflowing panel', () => {
    const box = (style: string, text: string) => {
      const el = document.createElement('div');
      el.style.cssText = `position:absolute;${style}`;
      el.textContent = text;
      document.body.appendChild(el);
      return el;
    };
    const a = box('left:0;top:0;width:100px;height:50px', '12 prompts');
    const b = box('left:50px;top:20px;width:100px;height:50px', '');
    const c = box('left:1200px;top:200px;width:200px;height:50px', 'wasm');
    const { problems } = layoutProblems([
      { name: 'a', el: a, empty: textMatches(/\d+ prompts/) },
      { name: 'b', el: b, empty: textMatches(/./) },
      { name: 'c', el: c, empty: textMatches(/wasm/) },
      { name: 'd', el: null, empty: () => null },
    ], 1280);
    [a, b, c].forEach((el) => el.remove());
    expect(problems).toEqual([
      expect.stringMatching(/^b: empty/),
      expect.stringMatching(/^c: spans x 1200–1400, outside the 1280 px viewport/),
      'd: missing',
      'a overlaps b',
    ]);
  });

  it('fills every main panel on a fresh load, side by side without overlap, and saves a screenshot', async () => {
    await page.viewport(1280, 800);
    history.replaceState(null, '', location.pathname + location.search);
    m = mountApp();
    await settle(m);
    await m.waitFor(() => m!.q('cka') && m!.q('small-multiples')?.querySelector('canvas'), 'the heat maps and the small multiples');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await page.screenshot({ path: '../../test-artifacts/explorer-layout-1280x800.png' });
    const { problems, boxes } = layoutProblems(panels(m), 1280);
    console.log(`[layout] ${boxes.map((b) => `${b.name} ${Math.round(b.width)}×${Math.round(b.height)} at (${Math.round(b.left)}, ${Math.round(b.top)})`).join('; ')}`);
    expect(problems).toEqual([]);
    // The first screen (above the fold) holds the scatter and the probe chart side by side.
    const [scatter, probe] = boxes;
    expect(scatter.top + scatter.height).toBeLessThanOrEqual(800);
    expect(probe.top).toBeCloseTo(scatter.top, 0);
  });
});
