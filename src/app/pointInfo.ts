// What the scatter's tooltip and the selection list say about point i: per prompt, the prompt with its
// read token marked; at position 'all', the prompt with that point's own token marked and where it is.
import type { PointInfo } from '../ui/charts';
import { tokenPlace } from './tokenData';
import type { ExplorerData } from './viewData';

export function pointDescriber(data: Pick<ExplorerData, 'rows' | 'pointLabels' | 'tokens' | 'encoding'>): (i: number) => PointInfo {
  const encoding = data.encoding.kind === 'ready' ? data.encoding.value : null;
  const label = (i: number) => data.pointLabels[i] ?? 'no label';
  const tokens = data.tokens;
  if (tokens === null || encoding === null) {
    return (i) => ({ text: data.rows[i]?.text ?? '', highlight: encoding?.[i]?.readSpan ?? null, label: label(i) });
  }
  return (i) => {
    const at = tokenPlace(encoding, tokens.rows, i);
    return { text: data.rows[at.prompt]?.text ?? '', highlight: at.span, label: label(i), detail: `prompt ${at.prompt} · token ${at.token} “${at.text}”` };
  };
}
