// Shortens a prompt for a tooltip while keeping the read token (the highlight) in view.

export interface Snippet {
  before: string;
  mark: string;
  after: string;
  /** True when text was cut at the start / end (the UI shows an ellipsis). */
  cutStart: boolean;
  cutEnd: boolean;
}

/**
 * Splits `text` around `highlight` = [start, end) (character offsets, clamped to the text) and cuts
 * it to about `maxChars`, keeping the highlight and more context before it than after, since a
 * token's representation depends on what precedes it.
 */
export function snippet(text: string, highlight: readonly [number, number] | null, maxChars = 160): Snippet {
  const [s, e] = highlight ? clampRange(highlight, text.length) : [text.length, text.length];
  const mark = text.slice(s, e);
  const room = Math.max(0, maxChars - mark.length);
  const afterRoom = Math.min(text.length - e, Math.floor(room / 4));
  const beforeRoom = Math.min(s, room - afterRoom);
  const afterFinal = Math.min(text.length - e, room - beforeRoom);
  return {
    before: text.slice(s - beforeRoom, s),
    mark,
    after: text.slice(e, e + afterFinal),
    cutStart: s - beforeRoom > 0,
    cutEnd: e + afterFinal < text.length,
  };
}

function clampRange([a, b]: readonly [number, number], n: number): [number, number] {
  const s = Math.max(0, Math.min(n, Math.floor(a)));
  return [s, Math.max(s, Math.min(n, Math.floor(b)))];
}
