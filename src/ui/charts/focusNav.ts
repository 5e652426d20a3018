// Arrow-key focus movement among a widget's items (legend entries, menu items), wrapping at the ends.

/** +1 for ArrowDown/ArrowRight, −1 for ArrowUp/ArrowLeft, 0 for any other key. */
export function arrowStep(key: string): number {
  if (key === 'ArrowDown' || key === 'ArrowRight') return 1;
  if (key === 'ArrowUp' || key === 'ArrowLeft') return -1;
  return 0;
}

/** Moves focus `step` items from the focused one among `container`'s matches; false if nothing moved. */
export function moveFocus(container: Element, selector: string, step: number): boolean {
  const items = [...container.querySelectorAll<HTMLElement>(selector)];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (step === 0 || items.length === 0) return false;
  items[(Math.max(at, 0) + (at < 0 ? 0 : step) + items.length) % items.length].focus();
  return true;
}
