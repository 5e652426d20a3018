// Uploaded directions: .npy (float32 / float64) and JSON, one vector or one per layer, read with their
// hash; wrong shapes, dtypes and values are refused with a message that says what to upload instead.
import { describe, expect, it } from 'vitest';
import { parseDirectionFile } from '../../src/data/directionFile';
import { sha256Hex } from '../../src/data/hash';
import { writeNpy } from '../../src/data/npy';

const model = { dModel: 4, nLayers: 2 };
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('parseDirectionFile', () => {
  it('reads a float32 or float64 .npy of [d_model] or [n_layers, d_model], with the hash of its bytes', () => {
    const bytes = writeNpy(new Float32Array([1, 2, 3, 4]), [4]);
    expect(parseDirectionFile(bytes, 'v.npy', model)).toEqual({ ok: true, direction: { name: 'v.npy', hash: sha256Hex(bytes), shape: [4], data: new Float32Array([1, 2, 3, 4]) } });
    const twoLayers = parseDirectionFile(writeNpy(new Float64Array([1, 0, 0, 0, 0, 0.5, 0, 0]), [2, 4]), 'w.npy', model);
    expect(twoLayers.ok && twoLayers.direction.shape).toEqual([2, 4]);
    expect(twoLayers.ok && Array.from(twoLayers.direction.data)).toEqual([1, 0, 0, 0, 0, 0.5, 0, 0]);
  });

  it('reads JSON lists of numbers and lists of lists', () => {
    const one = parseDirectionFile(json([0.5, -1, 2, 0]), 'v.json', model);
    expect(one.ok && Array.from(one.direction.data)).toEqual([0.5, -1, 2, 0]);
    const per = parseDirectionFile(json([[1, 2, 3, 4], [5, 6, 7, 8]]), 'v.json', model);
    expect(per.ok && per.direction.shape).toEqual([2, 4]);
  });

  it('refuses a shape that does not fit the model, naming both shapes it would accept', () => {
    expect(parseDirectionFile(json([1, 2, 3]), 'v.json', model)).toEqual({ ok: false, error: 'v.json: the vector has shape [3], but this model needs [4] (one direction for every layer) or [2, 4] (one per layer)' });
    expect(parseDirectionFile(writeNpy(new Float32Array(12).fill(1), [3, 4]), 'v.npy', model)).toEqual({ ok: false, error: 'v.npy: the vector has shape [3, 4], but this model needs [4] (one direction for every layer) or [2, 4] (one per layer)' });
  });

  it('refuses integer arrays, broken files and values that are not finite numbers', () => {
    const ints = parseDirectionFile(writeNpy(new Int32Array([1, 2, 3, 4]), [4]), 'i.npy', model);
    expect(ints).toEqual({ ok: false, error: 'i.npy: the array\'s dtype is <i4; save the direction as float32 or float64, e.g. np.save(path, v.astype(np.float32))' });
    const truncated = writeNpy(new Float32Array([1, 2, 3, 4]), [4]).slice(0, -3);
    expect(parseDirectionFile(truncated, 't.npy', model)).toMatchObject({ ok: false, error: expect.stringMatching(/^t\.npy: npy: shape \(4\) of <f4 needs 16 data bytes but the file has 13/) });
    expect(parseDirectionFile(new TextEncoder().encode('hello'), 'h.txt', model)).toEqual({ ok: false, error: 'h.txt: this is neither a .npy file nor JSON; upload a .npy array or a JSON list of numbers' });
    expect(parseDirectionFile(json({ v: [1] }), 'o.json', model)).toEqual({ ok: false, error: 'o.json: expected a JSON list of numbers, or a list of such lists (one per layer)' });
    expect(parseDirectionFile(json([1, '2', 3, 4]), 's.json', model)).toEqual({ ok: false, error: 's.json: value 1 is "2", not a finite number' });
    expect(parseDirectionFile(json([[1, 2, 3, 4], [5, 6]]), 'r.json', model)).toMatchObject({ ok: false, error: expect.stringContaining('different lengths') });
    expect(parseDirectionFile(writeNpy(new Float32Array([1, NaN, 3, 4]), [4]), 'n.npy', model)).toEqual({ ok: false, error: 'n.npy: value 1 is NaN; a direction needs finite numbers' });
    expect(parseDirectionFile(json([0, 0, 0, 0]), 'z.json', model)).toEqual({ ok: false, error: 'z.json: every value is 0, which points nowhere; upload a non-zero vector' });
  });
});
