// The chart theme in effect at an element, re-read when the page switches theme or the system does.
import { useEffect, useState, type RefObject } from 'react';
import { LIGHT_THEME, THEME_EVENT, readChartTheme, type ChartTheme } from '../theme';

export function useChartTheme(ref: RefObject<Element | null>): ChartTheme {
  const [theme, setTheme] = useState<ChartTheme>(LIGHT_THEME);
  useEffect(() => {
    const read = () => {
      if (ref.current) setTheme(readChartTheme(ref.current));
    };
    read();
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    document.addEventListener(THEME_EVENT, read);
    media?.addEventListener('change', read);
    return () => {
      document.removeEventListener(THEME_EVENT, read);
      media?.removeEventListener('change', read);
    };
  }, [ref]);
  return theme;
}
