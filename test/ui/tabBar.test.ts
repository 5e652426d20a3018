import { describe, expect, it } from 'vitest';
import { tabKeyTarget } from '../../src/ui/components/TabBar';

describe('tabKeyTarget', () => {
  it('moves with the arrows (wrapping), jumps with Home and End, and ignores other keys', () => {
    expect([0, 1, 2].map((at) => tabKeyTarget('ArrowRight', at, 3))).toEqual([1, 2, 0]);
    expect([0, 1, 2].map((at) => tabKeyTarget('ArrowLeft', at, 3))).toEqual([2, 0, 1]);
    expect(tabKeyTarget('ArrowDown', 1, 3)).toBe(2);
    expect(tabKeyTarget('ArrowUp', 1, 3)).toBe(0);
    expect(tabKeyTarget('Home', 2, 3)).toBe(0);
    expect(tabKeyTarget('End', 0, 3)).toBe(2);
    expect(tabKeyTarget('Enter', 0, 3)).toBeNull();
    expect(tabKeyTarget('a', 0, 3)).toBeNull();
  });
});
