// Light and dark chart themes. CSS variables (charts/charts.css) style the DOM; canvas drawing and
// exported images need concrete colours, so this module also reads the variables back.

/** The colours a chart needs; each is the CSS variable `--chart-<key>`. */
export interface ChartTheme {
  /** Chart surface. */
  bg: string;
  /** Titles and labels. */
  fg: string;
  /** Tick labels and secondary text. */
  muted: string;
  /** Grid lines. */
  grid: string;
  /** Axis lines and baselines. */
  axis: string;
  /** Selection, focus and the chosen layer. */
  accent: string;
  /** Card borders. */
  border: string;
  /** Background of the read token in a prompt. */
  mark: string;
}

export type ThemeMode = 'light' | 'dark' | 'auto';

export const LIGHT_THEME: ChartTheme = {
  bg: '#ffffff', fg: '#1d2433', muted: '#5b6475', grid: '#e8ebf0',
  axis: '#9aa3b2', accent: '#0b6bcb', border: '#dde1e8', mark: '#ffe08a',
};

export const DARK_THEME: ChartTheme = {
  bg: '#1b1f27', fg: '#e6e9ef', muted: '#a3acba', grid: '#2c323d',
  axis: '#5f6878', accent: '#6cb2ff', border: '#2f3642', mark: '#7a5d00',
};

export const THEME_KEYS = Object.keys(LIGHT_THEME) as (keyof ChartTheme)[];

/** Fired on `document` when setTheme changes the theme, so canvases can repaint. */
export const THEME_EVENT = 'repscope-theme';

/** Switches `el` (usually documentElement) to a theme; 'auto' follows the system setting. */
export function setTheme(el: HTMLElement, mode: ThemeMode): void {
  if (mode === 'auto') delete el.dataset.theme;
  else el.dataset.theme = mode;
  el.ownerDocument.dispatchEvent(new Event(THEME_EVENT));
}

/** The theme in effect at `el`, with light values for any variable the page does not define. */
export function readChartTheme(el: Element): ChartTheme {
  const style = getComputedStyle(el);
  const theme = { ...LIGHT_THEME };
  for (const key of THEME_KEYS) {
    const v = style.getPropertyValue(`--chart-${key}`).trim();
    if (v) theme[key] = v;
  }
  return theme;
}

/** CSS variables for a theme, for a `style` prop (e.g. to force one theme on a single panel). */
export function themeStyle(theme: ChartTheme): Record<string, string> {
  return Object.fromEntries(THEME_KEYS.map((k) => [`--chart-${k}`, theme[k]]));
}
