import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { exportScript } from '../../src/data/exportScript';
import { pyNum, pyStr } from '../../src/data/exportScriptPython';
import { fixedInput, LABELS, PROMPTS } from '../fixtures/exportScript/inputs';
import { runPython } from '../fixtures/exportScript/python';

const GOLDEN = fileURLToPath(new URL('../fixtures/exportScript/golden.py', import.meta.url));
const NASTY = ["'''", '"""', '\\', '\\"', '"', "'", '\n', '\r\n', '\u2028', '\u0000', '\ud800', '\udfff', '😀', 'é', '#', '{x}', '%s', '\\N{DASH}'];

describe('exportScript', () => {
  it('writes the committed script for a fixed view (set REPSCOPE_UPDATE_FIXTURES=1 to rewrite it deliberately)', () => {
    const script = exportScript(fixedInput());
    if (process.env.REPSCOPE_UPDATE_FIXTURES === '1') writeFileSync(GOLDEN, script);
    expect(script).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('makes a script whose --selftest checks the dataset, folds and metrics with numpy alone', () => {
    const out = runPython({ 'script.py': exportScript(fixedInput()) }, ['script.py', '--selftest']);
    expect(out.split('\n')).toEqual([
      'dataset: 6 prompts, 2 classes, counts [3, 3]',
      'folds: k=3 sizes [2, 2, 2]',
      "nearest-mean accuracy per fold: ['1.0000', '1.0000', '1.0000']",
      'accuracy: 0.7500',
      'logit difference: 1.7500',
      'normalised recovery: 0.5000',
      "mean difference: norm 2.8284 direction ['0.7071', '-0.7071']",
      'steering mask: [0, 0, 1, 1, 1]',
      'selftest: ok',
      '',
    ]);
  });

  it("carries the prompts, labels, fold ids and token ids exactly, whatever the text", () => {
    const input = fixedInput();
    const read = 'import json, runpy\ng = runpy.run_path("script.py")\nprint(json.dumps([g["PROMPTS"], g["LABELS"], g["FOLD_IDS"], g["TOKEN_IDS"][g["PROMPTS"][4]], g["DATASET_NAME"]]))';
    const out = JSON.parse(runPython({ 'script.py': exportScript(input), 'read.py': read }, ['read.py']));
    expect(out).toEqual([PROMPTS, LABELS, Array.from(input.foldIds), input.tokenize!(PROMPTS[4]), 'facts "mini".csv']);
  });

  it('steers one prompt token by index in both modes (negative: from the prompt end), or the generated tokens only, as Repscope does', () => {
    const read = 'import json, runpy\ng = runpy.run_path("script.py")\nm = g["steering_mask"]\nprint(json.dumps([[int(v) for v in m(6, 4, 2, p, mode)] for p, mode in [(1, "oneshot"), (1, "continual"), (-1, "continual"), ("generated", "continual"), ("generated", "oneshot")]]))';
    const out = JSON.parse(runPython({ 'script.py': exportScript(fixedInput()), 'read.py': read }, ['read.py']));
    expect(out).toEqual([[0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0]]);
  });

  it('refuses inputs that cannot make a runnable script, saying what to fix', () => {
    const input = fixedInput();
    expect(() => exportScript({ ...input, labels: LABELS.slice(1) })).toThrow('need one entry each (found 6, 5, 6)');
    expect(() => exportScript({ ...input, prompts: [], labels: [], foldIds: [] })).toThrow('load a dataset');
    expect(() => exportScript({ ...input, layers: [2] })).toThrow('layer 2 does not exist; the model has layers 0–1');
    expect(() => exportScript({ ...input, direction: { positive: 'yes', negative: 'false' } })).toThrow('no prompt has the label "yes"');
    expect(() => exportScript({ ...input, direction: null })).toThrow('steering needs a direction');
    expect(() => exportScript({ ...input, foldIds: [0, 1, 2, 0, 1, -1] })).toThrow('fold id of prompt 5 is -1');
    expect(() => exportScript({ ...input, steering: { ...input.steering!, alpha: NaN } })).toThrow('use a finite number');
    expect(() => exportScript({ ...input, steering: { ...input.steering!, positions: 1.5 } })).toThrow('steering position 1.5 is not a token index');
  });
});

describe('pyStr', () => {
  it('writes ASCII-only literals that Python reads back as the same string', () => {
    const pieces = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
    const samples = fc.sample(fc.array(pieces, { maxLength: 6 }).map((p) => p.join('')), { seed: 20240601, numRuns: 300 });
    samples.push(NASTY.join(''), '');
    const literals = samples.map(pyStr);
    for (const lit of literals) expect(lit).toMatch(/^"[\x20-\x7e]*"$/);
    const program = `import json, sys\nvalues = [\n${literals.join(',\n')}\n]\nsys.stdout.write(json.dumps(values))\n`;
    expect(JSON.parse(runPython({ 'parse.py': program }, ['parse.py']))).toEqual(samples);
  });
});

describe('pyNum', () => {
  it('writes finite numbers as Python reads them, floats on request', () => {
    expect([pyNum(3), pyNum(3, true), pyNum(0.1, true), pyNum(1e21, true), pyNum(-0), pyNum(1e-7)]).toEqual(['3', '3.0', '0.1', '1e+21', '-0', '1e-7']);
    expect(() => pyNum(Infinity)).toThrow('use a finite number');
  });
});
