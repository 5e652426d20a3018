// The explorer's inputs made stable for memoised charts: the derived data shares every unchanged object
// with the previous render (a progress tick changes one panel's message, not the charts), and the
// handlers are made once per controller.
import { useEffect, useMemo, useRef } from 'react';
import type { Controller } from './controller';
import { shareStructure } from './shareStructure';
import type { AppState } from './store';
import { explorerData, type ExplorerData } from './viewData';

/** Levels of ExplorerData compared: the data, its panels and arrays, and a panel's value list. */
const SHARE_DEPTH = 3;

export function useExplorerData(s: AppState): ExplorerData | null {
  const previous = useRef<ExplorerData | null>(null);
  const data = shareStructure(previous.current, explorerData(s), SHARE_DEPTH);
  useEffect(() => {
    previous.current = data;
  });
  return data;
}

export function useViewHandlers(ctl: Controller) {
  return useMemo(() => ({
    onSelect: (selection: number[]) => ctl.actions().setView({ selection }),
    onSelectLayer: (layer: number) => ctl.actions().setView({ layer }),
    onCancel: (keys: string[]) => ctl.actions().cancel(keys),
    onRetry: (keys: string[]) => ctl.actions().retry(keys),
    onUmapAllLayers: () => ctl.actions().computeUmapAllLayers(),
  }), [ctl]);
}
