// State that a parent may own (value + onChange) or leave to the chart; charts work either way.
import { useCallback, useState } from 'react';

/** `value` when given (controlled), else local state starting at `initial`; the setter calls onChange in both cases. */
export function useControllable<T>(value: T | undefined, onChange: ((next: T) => void) | undefined, initial: T): [T, (next: T) => void] {
  const [local, setLocal] = useState<T>(initial);
  const controlled = value !== undefined;
  const set = useCallback(
    (next: T) => {
      if (!controlled) setLocal(next);
      onChange?.(next);
    },
    [controlled, onChange],
  );
  return [controlled ? value : local, set];
}
