// `repscope probe` and `repscope direction`, in-process: inputs from X.npy or a cache DIR (layers
// ordered by block number), labels from text or meta.json, JSON and .npy outputs, and their errors.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/data/npy';
import { createRng } from '../../src/data/random';
import { ENGINE_FIXTURES, expectCliError, readNpyFile, removeDir, runCli, tempDir, runCliOk } from './harness';

let tmp: string;
const N = 40;
const D = 6;

/** Rows whose first feature separates label "yes" from "no" with strength `gap` (0: no signal). */
function activations(gap: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: N * D }, (_, t) => rng.normal() + (t % D === 0 ? (Math.floor(t / D) % 2 === 0 ? gap : -gap) : 0));
}
const labels = Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 'yes' : 'no'));

const ok = (argv: string[]) => runCliOk(argv, tmp);

beforeAll(async () => {
  tmp = await tempDir();
  const dir = path.join(tmp, 'cache');
  await mkdir(dir);
  // Layer 10 must come after layer 2: ordering is by block number, not by name.
  for (const [layer, gap] of [[0, 0], [2, 1], [10, 4]]) {
    await writeFile(path.join(dir, `blocks.${layer}.hook_resid_post.npy`), writeNpy(activations(gap, layer), [N, D]));
  }
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ prompts: labels.map((label, i) => ({ text: `p${i}`, label })) }));
  await writeFile(path.join(tmp, 'x.npy'), writeNpy(activations(4, 7), [N, D]));
  await writeFile(path.join(tmp, 'labels.txt'), `${labels.join('\n')}\n`);
  await writeFile(path.join(tmp, 'numbers.txt'), Array.from({ length: N }, (_, i) => String(i % 2 === 0 ? 2.5 : -1)).join('\n'));
});
afterAll(() => removeDir(tmp));

describe('repscope probe', () => {
  it('probes every layer of a cache DIR in block order, labels from meta.json, and writes JSON', async () => {
    const run = await ok(['probe', 'cache', '--out', 'probe.json', '--backend', 'cpu']);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^layer\s+accuracy\s+majority\s+shuffled\s+control\s+selectivity$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['blocks.0.hook_resid_post', 'blocks.2.hook_resid_post', 'blocks.10.hook_resid_post']);
    expect(lines[4]).toBe('wrote probe.json');
    const json = JSON.parse(await readFile(path.join(tmp, 'probe.json'), 'utf8'));
    expect(json.classes).toEqual(['no', 'yes']);
    expect(json.k).toBe(5);
    expect(json.foldIds).toHaveLength(N);
    expect(json.layers.map((l: { name: string }) => l.name)).toEqual(['blocks.0.hook_resid_post', 'blocks.2.hook_resid_post', 'blocks.10.hook_resid_post']);
    const last = json.layers[2];
    expect(last.accuracy.mean).toBeGreaterThan(0.95);
    expect(last.accuracy.perFold).toHaveLength(5);
    for (const key of ['majority', 'shuffled', 'control']) expect(last[key].mean).toBeLessThan(0.8);
    expect(last.selectivity).toBeGreaterThan(0.2);
    expect(last.confusion).toHaveLength(2);
  });

  it('reads X.npy with a text label file, folds and seed', async () => {
    // Four groups, each all one label: the control task is then learnable, as for token types.
    await writeFile(path.join(tmp, 'groups.txt'), Array.from({ length: N }, (_, i) => `g${i % 4}`).join('\n'));
    const argv = ['probe', 'x.npy', '--labels', 'labels.txt', '--folds', '4', '--seed', '3', '--groups', 'groups.txt'];
    const a = await ok([...argv, '--out', 'a.json']);
    await ok([...argv, '--out', 'b.json']);
    expect(a.stdout).toMatch(/^layer\s+accuracy/);
    const [ja, jb] = await Promise.all(['a.json', 'b.json'].map(async (f) => JSON.parse(await readFile(path.join(tmp, f), 'utf8'))));
    expect(ja.k).toBe(4);
    expect(ja.seed).toBe(3);
    expect(jb).toEqual(ja);
    expect(ja.layers[0].control.mean).toBeGreaterThan(0.5);
  });

  it('fits ridge probes for numeric labels with --task regress', async () => {
    const run = await ok(['probe', 'x.npy', '--labels', 'numbers.txt', '--task', 'regress']);
    expect(run.stdout).toMatch(/^layer\s+R²\s+correlation\nx\s+0\.\d{3} ± 0\.\d{3}/);
  });

  it('runs on the output of repscope cache', async () => {
    const prompts = path.join(tmp, 'prompts.jsonl');
    const rows = Array.from({ length: 12 }, (_, i) => JSON.stringify({ ids: [5 + (i % 4), 9, 11 + (i % 2) * 7], label: i % 2 === 0 ? 'even' : 'odd' }));
    await writeFile(prompts, `${rows.join('\n')}\n`);
    await ok(['cache', path.join(ENGINE_FIXTURES, 'f32'), '--prompts', prompts, '--hooks', 'blocks.*.hook_resid_post', '--position', 'last', '--out', 'run']);
    const run = await ok(['probe', 'run', '--folds', '3']);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
    expect(run.stdout).toMatch(/blocks\.2\.hook_resid_post\s+1\.000 ± 0\.000/);
  });

  it('explains what is wrong with its input', async () => {
    await writeFile(path.join(tmp, 'one-class.txt'), `${new Array(N).fill('same').join('\n')}\n`);
    expectCliError(await runCli(['probe', 'x.npy', '--labels', 'one-class.txt'], tmp), 'at least two classes');
    expectCliError(await runCli(['probe', 'x.npy'], tmp), 'missing --labels FILE');
    await writeFile(path.join(tmp, 'short.txt'), 'a\nb\n');
    expectCliError(await runCli(['probe', 'x.npy', '--labels', 'short.txt'], tmp), 'has 2 labels but the activations have 40 rows');
    await writeFile(path.join(tmp, 'cube.npy'), writeNpy(new Float32Array(8), [2, 2, 2]));
    expectCliError(await runCli(['probe', 'cube.npy', '--labels', 'short.txt'], tmp), 'shape [2, 2, 2]', '--position last or mean');
    await writeFile(path.join(tmp, 'cache', 'blocks.0.hook_mlp_out.npy'), writeNpy(new Float32Array(N * D), [N, D]));
    expectCliError(await runCli(['probe', 'cache'], tmp), 'several hook sites (hook_mlp_out, hook_resid_post)', '--hook SITE');
    await ok(['probe', 'cache', '--hook', 'hook_mlp_out', '--backend', 'cpu']);
    expectCliError(await runCli(['probe', 'x.npy', '--labels', 'labels.txt', '--task', 'cluster'], tmp), '--task must be classify or regress');
    expectCliError(await runCli(['probe', 'x.npy', '--labels', 'labels.txt', '--task', 'regress'], tmp), 'label 1 is "yes"; --task regress needs numeric labels');
    expectCliError(await runCli(['probe', 'missing-dir'], tmp), 'cannot find missing-dir');
  });
});

describe('repscope direction', () => {
  it('writes a unit meandiff direction [features] for X.npy that points from "no" to "yes"', async () => {
    const run = await ok(['direction', 'x.npy', '--labels', 'labels.txt', '--out', 'v.npy']);
    expect(run.stdout).toMatch(/^x {2}norm \d/);
    const v = await readNpyFile(path.join(tmp, 'v.npy'));
    expect(v.shape).toEqual([D]);
    expect(Math.hypot(...v.data)).toBeCloseTo(1, 5);
    expect(v.data[0]).toBeGreaterThan(0.9);
    const flipped = await ok(['direction', 'x.npy', '--labels', 'labels.txt', '--positive', 'no', '--out', 'w.npy']);
    expect(flipped.code).toBe(0);
    expect((await readNpyFile(path.join(tmp, 'w.npy'))).data[0]).toBeLessThan(-0.9);
  });

  it('writes [layers, features] for a DIR with pcadiff and probe, and reads --pairs', async () => {
    for (const method of ['pcadiff', 'probe']) {
      const run = await ok(['direction', 'cache', '--hook', 'hook_resid_post', '--method', method, '--out', `${method}.npy`]);
      expect(run.stdout).toMatch(/blocks\.10\.hook_resid_post {2}norm .* cos\(previous\)/);
      const v = await readNpyFile(path.join(tmp, `${method}.npy`));
      expect(v.shape).toEqual([3, D]);
      expect(v.data[2 * D]).toBeGreaterThan(0.9);
    }
    await writeFile(path.join(tmp, 'pairs.txt'), Array.from({ length: N / 2 }, (_, i) => `${2 * i + 1} ${2 * i}`).join('\n'));
    await ok(['direction', 'x.npy', '--method', 'pcadiff', '--pairs', 'pairs.txt', '--out', 'p.npy']);
    expect((await readNpyFile(path.join(tmp, 'p.npy'))).data[0]).toBeLessThan(-0.9);
  });

  it('explains what is wrong with its input', async () => {
    await writeFile(path.join(tmp, 'three.txt'), Array.from({ length: N }, (_, i) => 'abc'[i % 3]).join('\n'));
    expectCliError(await runCli(['direction', 'x.npy', '--labels', 'three.txt', '--out', 'v.npy'], tmp), 'there are 3', '--positive LABEL');
    expectCliError(await runCli(['direction', 'x.npy', '--labels', 'labels.txt', '--positive', 'maybe', '--out', 'v.npy'], tmp), '--positive "maybe" is not among the labels');
    expectCliError(await runCli(['direction', 'x.npy', '--method', 'meandiff', '--out', 'v.npy'], tmp), '--method meandiff needs --labels FILE');
    expectCliError(await runCli(['direction', 'x.npy', '--labels', 'labels.txt'], tmp), 'missing --out');
    expectCliError(await runCli(['direction', 'x.npy', '--method', 'svd', '--out', 'v.npy'], tmp), '--method must be meandiff, pcadiff, probe');
    await writeFile(path.join(tmp, 'bad-pairs.txt'), '0 1\n2 99\n');
    expectCliError(await runCli(['direction', 'x.npy', '--pairs', 'bad-pairs.txt', '--method', 'pcadiff', '--out', 'v.npy'], tmp), 'pair 2 is "2 99"');
  });
});
