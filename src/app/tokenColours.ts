// What can colour the points at position 'all', for the view controls: the label columns (token-level
// ones marked "per token") and the built-in colourings by token text and token position.
import { TOKEN_COLOURINGS } from '../data/tokenLabels';
import { labelColumn } from './selectors';
import type { AppState } from './store';
import type { ExplorerData } from './viewData';

export function tokenColours(s: AppState, data: ExplorerData | null): { options: { id: string; name: string }[]; chosen: string | null } {
  const perToken = new Set(data?.tokens?.tokenLevel ?? []);
  const columns = (s.dataset?.labelColumns ?? []).map((c) => ({ id: c, name: perToken.has(c) ? `${c} (per token)` : c }));
  return { options: [...columns, ...TOKEN_COLOURINGS], chosen: labelColumn(s.view, s.dataset) };
}
