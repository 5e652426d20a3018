// fast-check generators for valid view states, and helpers that build fragments from raw JSON text
// with Node's own base64url and fflate, independently of the codec under test.
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import type { CausalView, DatasetRef, PatchSite, ViewState } from '../../src/data/urlState';

const name = fc.string({ unit: 'grapheme', maxLength: 30 });
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
const hash = fc.stringMatching(/^[0-9a-f]{64}$/);
const noNegativeZero = (x: number): number => (x === 0 ? 0 : x);

const datasetRef: fc.Arbitrary<DatasetRef | null> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('builtin' as const), id }),
  fc.record(
    { kind: fc.constant('inline' as const), name, text: fc.string({ unit: 'grapheme', maxLength: 300 }), textColumn: name },
    { requiredKeys: ['kind', 'name', 'text'] },
  ),
  fc.record(
    { kind: fc.constant('hash' as const), hash, name, rows: fc.integer({ min: 0, max: 200_000 }), textColumn: name },
    { requiredKeys: ['kind', 'hash', 'name', 'rows'] },
  ),
);

const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).filter((t) => t.length <= maxLength);
const alpha = fc.double({ min: -100, max: 100, noNaN: true }).map(noNegativeZero);
const block = fc.integer({ min: 0, max: 1023 });
const row = fc.integer({ min: 0, max: 199_999 });
const sha = hash;

/** Any causal settings the app can hold. */
export const causalView: fc.Arbitrary<CausalView> = fc.record({
  panel: fc.constantFrom('steer' as const, 'ablate' as const, 'patch' as const, 'lens' as const, 'attention' as const),
  direction: fc.record({
    method: fc.constantFrom('meandiff' as const, 'pcadiff' as const, 'probe' as const, 'uploaded' as const),
    column: fc.option(name, { nil: null }),
    positive: fc.option(name, { nil: null }),
    site: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,30}$/),
    layers: fc.tuple(block, block).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
    read: fc.oneof(fc.constantFrom('last' as const, 'mean' as const), fc.integer({ min: -65536, max: 65535 })),
    upload: fc.option(fc.record({ name, hash: sha, shape: fc.array(fc.integer({ min: 1, max: 1 << 20 }), { minLength: 1, maxLength: 2 }) }), { nil: null }),
  }),
  steer: fc.record({
    positions: fc.oneof(fc.constantFrom('all' as const, 'last' as const, 'generated' as const), fc.integer({ min: -65536, max: 65535 })),
    alpha,
    mode: fc.constantFrom('oneshot' as const, 'continual' as const),
    sweep: fc.array(alpha, { maxLength: 16 }),
    maxNew: fc.integer({ min: 1, max: 32 }),
    target: fc.option(name, { nil: null }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    prompts: fc.integer({ min: 1, max: 2000 }),
  }),
  patch: fc.record({
    pair: fc.option(name, { nil: null }),
    clean: text(1000),
    corrupt: text(1000),
    metric: fc.constantFrom('logitdiff' as const, 'prob' as const, 'projection' as const),
    targets: fc.tuple(text(64), text(64)),
    sites: fc.shuffledSubarray<PatchSite>(['resid_pre', 'attn_out', 'mlp_out', 'heads'], { minLength: 1 }),
  }),
  lens: fc.record({ row, text: text(1000), topK: fc.integer({ min: 1, max: 50 }), target: text(64) }),
  attention: fc.record({ row, text: text(1000), layer: block, head: block }),
});

/** Any state the app can hold: every field within its documented range. */
export const viewState: fc.Arbitrary<ViewState> = fc.record({
  model: fc.oneof(fc.constant(''), id),
  dataset: datasetRef,
  site: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,30}$/),
  layer: fc.integer({ min: -1024, max: 1023 }),
  position: fc.oneof(fc.constantFrom('last' as const, 'mean' as const, 'all' as const), fc.integer({ min: -65536, max: 65535 })),
  method: fc.constantFrom('pca' as const, 'umap' as const),
  umap: fc.record({
    nNeighbors: fc.integer({ min: 2, max: 200 }),
    minDist: fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero),
    nEpochs: fc.integer({ min: 1, max: 5000 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  }),
  pca: fc.record({ standardize: fc.boolean() }),
  colourBy: fc.option(name, { nil: null }),
  selection: fc.uniqueArray(fc.integer({ min: 0, max: 199_999 }), { maxLength: 300 }).map((a) => a.sort((x, y) => x - y)),
  probe: fc.record({
    folds: fc.integer({ min: 2, max: 20 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    C: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  }),
  maxPrompts: fc.integer({ min: 1, max: 200_000 }),
  backend: fc.constantFrom('auto' as const, 'webgpu' as const, 'webgl' as const, 'wasm' as const, 'cpu' as const),
  theme: fc.constantFrom('auto' as const, 'light' as const, 'dark' as const),
  tab: fc.constantFrom('explore' as const, 'causal' as const, 'engine' as const),
  causal: causalView,
});

/** A fragment whose payload is exactly these bytes, deflated and base64url-encoded by Node. */
export function fragmentOfBytes(bytes: Uint8Array, version = 1): string {
  return `v${version}.${Buffer.from(deflateSync(bytes)).toString('base64url')}`;
}

/** A fragment carrying this JSON text (written by hand, so keys like __proto__ stay plain keys). */
export function fragmentOfJson(json: string, version = 1): string {
  return fragmentOfBytes(new TextEncoder().encode(json), version);
}
