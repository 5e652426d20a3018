// shareStructure keeps the previous value's objects where nothing changed, and only there.
import { describe, expect, it } from 'vitest';
import { shareStructure } from '../../src/app/shareStructure';

describe('shareStructure', () => {
  const points = new Float32Array([1, 2]);
  const prev = { rows: ['a', 'b'], layer: 1, projection: { kind: 'ready', value: { points } }, probe: { kind: 'running', message: 'fold 1', keys: ['k'] } };

  it('returns the previous value when a fresh derivation equals it', () => {
    const next = { rows: ['a', 'b'], layer: 1, projection: { kind: 'ready', value: prev.projection.value }, probe: { kind: 'running', message: 'fold 1', keys: ['k'] } };
    expect(shareStructure(prev, next, 3)).toBe(prev);
  });

  it('keeps the unchanged parts and takes the changed ones', () => {
    const next = { rows: ['a', 'b'], layer: 1, projection: { kind: 'ready', value: prev.projection.value }, probe: { kind: 'running', message: 'fold 2', keys: ['k'] } };
    const out = shareStructure(prev, next, 3);
    expect(out).not.toBe(prev);
    expect(out.rows).toBe(prev.rows);
    expect(out.projection).toBe(prev.projection);
    expect(out.probe).not.toBe(prev.probe);
    expect(out.probe.message).toBe('fold 2');
    expect(out.probe.keys).toBe(prev.probe.keys);
  });

  it('compares typed arrays and other objects by identity, not by content', () => {
    const next = { ...prev, projection: { kind: 'ready', value: { points: new Float32Array([1, 2]) } } };
    expect(shareStructure(prev, next, 3).projection).not.toBe(prev.projection);
  });

  it('takes the new value when lengths or keys differ, or past the depth', () => {
    expect(shareStructure(['a'], ['a', 'b'], 2)).toEqual(['a', 'b']);
    const a = { x: 1 };
    expect(shareStructure(a, { x: 1, y: 2 } as { x: number }, 2)).not.toBe(a);
    const deep = { inner: { x: 1 } };
    const again = { inner: { x: 1 } };
    expect(shareStructure(deep, again, 1)).toBe(again);
    expect(shareStructure(null, again, 2)).toBe(again);
  });
});
