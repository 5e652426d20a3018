// 1,000 hostile fragments (junk, bad base64, bad DEFLATE, bombs, wrong versions, deep nesting, prototype
// keys, wrong types) each decode to the default view with warnings, without throwing or touching prototypes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_FRAGMENT_CHARS, VIEW_FIELDS, decodeViewState, defaultViewState, encodeViewState, type ViewState } from '../../src/data/urlState';
import { fragmentOfBytes, fragmentOfJson, viewState } from './urlStateArbitraries';

/** Values each field must refuse, as JSON text (so "__proto__" stays an ordinary key). */
const WRONG: Record<keyof ViewState, string[]> = {
  model: ['1', 'true', '[]', '{}', '"has space"', '"../../etc/passwd"', `"${'m'.repeat(200)}"`, '"<img src=x onerror=alert(1)>"'],
  dataset: [
    '"builtin"', '1', '[]', '{}', '{"kind":"builtin"}', '{"kind":"builtin","id":"../x"}', '{"kind":"inline","name":"a"}',
    '{"kind":"inline","name":1,"text":"a"}', `{"kind":"inline","name":"a","text":"${'x'.repeat(9000)}"}`,
    '{"kind":"hash","hash":"abc","name":"a","rows":1}', `{"kind":"hash","hash":"${'a'.repeat(64)}","name":"a","rows":-1}`,
    '{"kind":"url","url":"javascript:alert(1)"}', '{"kind":{"__proto__":1}}', '{"__proto__":{"kind":"builtin","id":"x"}}',
  ],
  site: ['1', '""', '"hook resid"', `"${'s'.repeat(65)}"`, 'null', '"1abc"', '{"toString":"x"}'],
  layer: ['"1"', '1.5', '1e9', '-2000', 'null', 'true', '[1]'],
  position: ['"first"', '1.5', '100000', 'null', '{}', '["last"]'],
  method: ['"tsne"', '1', 'null', '"PCA"', '"__proto__"'],
  umap: ['1', '"x"', '[]', '{"nNeighbors":1}', '{"minDist":2}', '{"nEpochs":0}', '{"seed":-1}', '{"extra":1}', '{"__proto__":{"nNeighbors":5}}', '{"constructor":{"prototype":{"polluted":true}}}'],
  pca: ['{"standardize":"yes"}', 'true', 'null', '{"standardize":1}', '{"__proto__":{"standardize":true}}'],
  colourBy: ['1', 'true', '[]', '{}', `"${'c'.repeat(300)}"`],
  selection: ['[1,2]', '1', '"1-"', '"5-2"', '"a"', '"1,,2"', '"-1"', '"99999999"', '"200000"', 'null'],
  probe: ['{"folds":1}', '{"C":0}', '{"C":-1}', '{"seed":1.5}', '"x"', 'null', '{"C":1e400}'],
  maxPrompts: ['0', '-5', '200001', '"100"', '2.5', 'null'],
  backend: ['"cuda"', '1', 'null', '"__proto__"'],
  theme: ['"blue"', '0', 'null', '"constructor"'],
  tab: ['"causal "', '"Explorer"', '1', 'null', '["causal"]', '"__proto__"'],
  causal: [
    '1', '"steer"', 'null', '[]', '{"panel":"graphs"}', '{"zoom":1}', '{"__proto__":{"panel":"lens"}}', '{"constructor":{"prototype":{"polluted":true}}}',
    '{"steer":{"alpha":1e400}}', '{"steer":{"alpha":101}}', '{"steer":{"alpha":"0.5"}}', '{"steer":{"maxNew":0}}', '{"steer":{"maxNew":33}}',
    '{"steer":{"positions":"mean"}}', '{"steer":{"positions":1.5}}', '{"steer":{"mode":"both"}}', `{"steer":{"sweep":[${Array(17).fill(1).join(',')}]}}`,
    '{"steer":{"sweep":[0,null]}}', '{"steer":{"seed":-1}}', '{"steer":{"prompts":2001}}', '{"steer":{"__proto__":{"alpha":1}}}',
    '{"direction":{"method":"random"}}', '{"direction":{"layers":[2,1]}}', '{"direction":{"layers":[0]}}', '{"direction":{"layers":[0,1,2]}}',
    '{"direction":{"layers":[-1,0]}}', '{"direction":{"read":"all"}}', '{"direction":{"site":"x y"}}', `{"direction":{"positive":"${'p'.repeat(257)}"}}`,
    '{"direction":{"upload":{"name":"v.npy","hash":"abc","shape":[64]}}}', `{"direction":{"upload":{"name":"v.npy","hash":"${'a'.repeat(64)}","shape":[]}}}`,
    `{"direction":{"upload":{"name":"v.npy","hash":"${'a'.repeat(64)}","shape":[2,3,4]}}}`, `{"direction":{"upload":{"name":"v.npy","hash":"${'a'.repeat(64)}","shape":[64],"data":[1]}}}`,
    `{"patch":{"clean":"${'c'.repeat(1001)}"}}`, '{"patch":{"corrupt":7}}', '{"patch":{"metric":"kl"}}', '{"patch":{"targets":["a"]}}', `{"patch":{"targets":["a","${'t'.repeat(65)}"]}}`,
    '{"patch":{"sites":[]}}', '{"patch":{"sites":["resid_pre","resid_pre"]}}', '{"patch":{"sites":["q"]}}',
    '{"lens":{"topK":0}}', '{"lens":{"topK":51}}', '{"lens":{"row":-1}}', '{"lens":{"row":200000}}', '{"attention":{"head":1024}}', '{"attention":{"layer":"0"}}',
  ],
};

const FIELD_KEYS = VIEW_FIELDS.map((f) => f.key);
const POLLUTERS = ['"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}', '"prototype":{"polluted":true}'];

/** An object mapping some fields to wrong values, with prototype-polluting keys mixed in. */
const wrongTypes = fc
  .tuple(fc.subarray(FIELD_KEYS, { minLength: 1 }), fc.subarray(POLLUTERS), fc.nat())
  .map(([keys, polluters, pick]) => `{${[...polluters, ...keys.map((k) => `"${k}":${WRONG[k][pick % WRONG[k].length]}`)].join(',')}}`);

const nested = fc.integer({ min: 17, max: 5000 }).chain((depth) =>
  fc.constantFrom(`${'['.repeat(depth)}${']'.repeat(depth)}`, `{"umap":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`, `${'{"__proto__":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** Inflates past the 1 MB cap (a DEFLATE bomb and a merely large state); built once, they are slow to make. */
const TOO_LARGE = [
  fragmentOfBytes(new Uint8Array(4 * 1024 * 1024).fill(0x20)),
  fragmentOfJson(JSON.stringify({ colourBy: 'x'.repeat(1024 * 1024) })),
];

const junk = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).filter((s) => s !== '#'),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `v1.${s}`),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,400}$/).map((s) => `v1.${s}`), // base64url that is not DEFLATE
  fc.stringMatching(/^[A-Za-z0-9+/=%#!.]{1,200}$/).map((s) => `v1.${s}!`), // characters outside base64url
  fc.stringMatching(/^[A-Za-z0-9_-]{4,40}$/).map((s) => `v1.${s.slice(0, 4 * Math.floor(s.length / 4))}A`), // impossible length
  fc.integer({ min: MAX_FRAGMENT_CHARS - 2, max: MAX_FRAGMENT_CHARS + 5000 }).map((n) => `v1.${'A'.repeat(n)}`),
  fc.uint8Array({ maxLength: 200 }).map((b) => fragmentOfBytes(Uint8Array.of(0xff, 0xfe, ...b))), // not UTF-8
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => `v1.${Buffer.from(b).toString('base64url')}`),
  fc.tuple(viewState, fc.integer({ min: 0, max: 999 }).filter((v) => v !== 1)).map(([s, v]) => `v${v}.${encodeViewState(s).slice(3) || 'AA'}`),
  fc.constantFrom(...TOO_LARGE),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => fragmentOfJson(JSON.stringify(v))),
  fc.string({ maxLength: 100 }).map((s) => fragmentOfJson(`{"layer": 1, ${s}`)), // not JSON
  nested.map((json) => fragmentOfJson(json)),
  wrongTypes.map((json) => fragmentOfJson(json)),
);

/** Every own property of the built-in prototypes, to see that nothing was added or changed. */
function prototypeSnapshot(): string {
  const describe = (o: object): string[] => Reflect.ownKeys(o).map((k) => `${String(k)}:${typeof Object.getOwnPropertyDescriptor(o, k)?.value}`);
  return JSON.stringify([Object.prototype, Array.prototype, Function.prototype, String.prototype].map(describe));
}

describe('decodeViewState on hostile fragments', () => {
  it('gives the default view with a warning for each of 1,000 hostile fragments, and leaves prototypes alone', () => {
    const before = prototypeSnapshot();
    fc.assert(
      fc.property(junk, (fragment) => {
        const { state, warnings } = decodeViewState(fragment);
        expect(state).toEqual(defaultViewState());
        expect(warnings.length).toBeGreaterThan(0);
        for (const w of warnings) expect(w.length).toBeLessThan(600);
      }),
      { numRuns: 1000 },
    );
    expect(prototypeSnapshot()).toBe(before);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('never throws on arbitrary JSON objects, and what it returns is a valid state', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELD_KEYS, '__proto__', 'constructor', 'x'), fc.jsonValue({ maxDepth: 3 })), (obj) => {
        const json = `{${Object.keys(obj).map((k) => `${JSON.stringify(k)}:${JSON.stringify(obj[k])}`).join(',')}}`;
        const { state } = decodeViewState(fragmentOfJson(json));
        expect(decodeViewState(encodeViewState(state))).toEqual({ state, warnings: [] });
      }),
      { numRuns: 300 },
    );
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('says why a fragment was refused and what to do', () => {
    expect(decodeViewState('hello').warnings).toEqual(["The link's view is not a Repscope view (it should start with v1.), so the default view is shown; copy the whole link again."]);
    expect(decodeViewState('v7.AAAA').warnings).toEqual(["The link's view was made for view format v7 and this version reads v1, so the default view is shown; open it in a matching version of Repscope."]);
    expect(decodeViewState('v1.A').warnings).toEqual(["The link's view is damaged (it is not base64url text), so the default view is shown; copy the whole link again."]);
    expect(decodeViewState('v1.AAAA').warnings).toEqual(["The link's view is damaged (it does not decompress), so the default view is shown; copy the whole link again."]);
    expect(decodeViewState(TOO_LARGE[0]).warnings).toEqual(["The link's view expands past 1048576 bytes, far more than any view Repscope writes, so the default view is shown."]);
    expect(decodeViewState(`v1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`).warnings).toEqual([
      `The link's view is too long (${MAX_FRAGMENT_CHARS + 3} characters; the most is ${MAX_FRAGMENT_CHARS}), so the default view is shown; copy the whole link again.`,
    ]);
    expect(decodeViewState(fragmentOfJson('[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]')).warnings).toEqual([
      "The link's view nests too deeply to be a view, so the default view is shown; copy the whole link again.",
    ]);
    expect(decodeViewState(fragmentOfJson('[1]')).warnings).toEqual(['The link holds a list instead of a view; the default view is shown']);
  });
});
