import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { categoryColor, divergingInterpolator, luminance, OKABE_ITO, textColorOn, UNLABELLED_COLOR } from '../../../src/ui/palette';
import { DARK_THEME, LIGHT_THEME, THEME_KEYS, themeStyle } from '../../../src/ui/theme';
import { capIndices, scatterCsv } from '../../../src/ui/charts/scatterExport';

describe('palette', () => {
  it('gives categories distinct Okabe–Ito colours and unlabelled points a grey of their own', () => {
    const first = Array.from({ length: 7 }, (_, c) => categoryColor(c));
    expect(new Set(first).size).toBe(7);
    for (const c of first) expect(OKABE_ITO).toContain(c);
    expect(categoryColor(-1)).toBe(UNLABELLED_COLOR);
    expect(first).not.toContain(UNLABELLED_COLOR);
    expect(categoryColor(7)).toBe(categoryColor(0));
  });

  it('computes WCAG luminance and picks readable text', () => {
    expect(luminance('#ffffff')).toBeCloseTo(1, 9);
    expect(luminance('rgb(0, 0, 0)')).toBe(0);
    expect(textColorOn('#fde725')).toBe('#000000');
    expect(textColorOn('#440154')).toBe('#ffffff');
    expect(() => luminance('teal')).toThrow(/use #rrggbb or rgb/);
  });

  it('runs the diverging scale from blue through near-white to red', () => {
    const d = divergingInterpolator();
    const [r0, , b0] = d(0).match(/\d+/g)!.map(Number);
    const [r1, , b1] = d(1).match(/\d+/g)!.map(Number);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    expect(luminance(d(0.5))).toBeGreaterThan(0.85);
  });
});

describe('themes', () => {
  const css = readFileSync(fileURLToPath(new URL('../../../src/ui/charts/charts.css', import.meta.url)), 'utf8');

  it('defines the same colours in charts.css as in theme.ts, for light and dark', () => {
    for (const [theme, name] of [[LIGHT_THEME, 'light'], [DARK_THEME, 'dark']] as const) {
      for (const key of THEME_KEYS) {
        const count = css.split(`--chart-${key}: ${theme[key]};`).length - 1;
        expect(count, `--chart-${key} in the ${name} theme`).toBe(name === 'light' ? 1 : 2);
      }
    }
  });

  it('turns a theme into CSS variables for a style prop', () => {
    expect(themeStyle(DARK_THEME)['--chart-bg']).toBe(DARK_THEME.bg);
  });

  it('keeps text readable: foreground against background contrast is at least 7:1', () => {
    for (const t of [LIGHT_THEME, DARK_THEME]) {
      const [a, b] = [luminance(t.fg), luminance(t.bg)].sort((x, y) => y - x);
      expect((a + 0.05) / (b + 0.05)).toBeGreaterThan(7);
    }
  });
});

describe('scatter export data', () => {
  it('caps points with one from each equal stratum, so samples spread evenly without repeats', () => {
    const all = Int32Array.from({ length: 1000 }, (_, i) => i);
    const kept = capIndices(all, 100);
    expect(kept.length).toBe(100);
    kept.forEach((v, m) => expect(Math.floor(v / 10)).toBe(m));
    expect(capIndices(all, 2000)).toBe(all);
  });

  it('does not alias with periodic classes when capping', () => {
    const all = Int32Array.from({ length: 20_000 }, (_, i) => i);
    const counts = [0, 0, 0, 0];
    for (const i of capIndices(all, 2500)) counts[i % 4]++;
    for (const c of counts) expect(c).toBeGreaterThan(500);
  });

  it('writes every point with label, selection and prompt', () => {
    const csv = scatterCsv(new Float32Array([1, 2, 3, 4]), [1, -1], ['no', 'yes'], new Set([1]), (i) => `prompt, ${i}`);
    expect(csv).toBe('index,x,y,label,selected,text\r\n0,1,2,yes,0,"prompt, 0"\r\n1,3,4,,1,"prompt, 1"\r\n');
  });
});
