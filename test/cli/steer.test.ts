// `repscope steer`, in-process on the built-in truthworld model: a direction made with `cache` and
// `direction` turns a liar honest, side by side with the unsteered continuation; JSON output; errors.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/data/npy';
import { expectCliError, removeDir, runCli, tempDir, runCliOk } from './harness';

let tmp: string;
const dataset = path.resolve('public/datasets/truthworld-speakers.jsonl');
const BASE = ['steer', 'truthworld', '--direction', 'v.npy', '--layers', '0', '--backend', 'cpu'];
const STEER = [...BASE, '--positions', '1'];

const ok = (argv: string[]) => runCliOk(argv, tmp);

beforeAll(async () => {
  tmp = await tempDir();
  await ok(['cache', 'truthworld', '--prompts', dataset, '--hooks', 'blocks.0.hook_resid_pre', '--position', '1', '--out', 'speaker', '--backend', 'cpu']);
  await ok(['direction', 'speaker', '--positive', 'honest', '--out', 'v.npy']);
  await writeFile(path.join(tmp, 'prompts.txt'), 'bob says mia lives in\nfay says leo has a\n');
  await writeFile(path.join(tmp, 'short.npy'), writeNpy(new Float32Array(5), [5]));
}, 60_000);
afterAll(() => removeDir(tmp));

describe('repscope steer', () => {
  it('prints unsteered and steered continuations side by side; the steered liar tells the truth', async () => {
    const run = await ok([...STEER, '--alpha', '0.5', '--text', 'bob says mia lives in']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^prompt\s+│ unsteered\s+│ steered$/);
    const [prompt, plain, steered] = lines[1].split('│').map((c) => c.trim());
    expect(prompt).toBe('bob says mia lives in');
    expect(plain.split(' ')[0]).not.toBe('lima'); // mia lives in lima; bob lies
    expect(steered.split(' ')[0]).toBe('lima');
  });

  it('writes JSON for a prompt file, with the same tokens for both sides at α = 0, in continual mode', async () => {
    const run = await ok([...STEER, '--alpha', '0', '--mode', 'continual', '--prompts', 'prompts.txt', '--max-new', '2', '--json']);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ layers: [0], site: 'hook_resid_pre', positions: [1], alpha: 0, mode: 'continual' });
    expect(out.prompts).toHaveLength(2);
    for (const p of out.prompts) {
      expect(p.steered.ids).toEqual(p.unsteered.ids);
      expect(p.steered.ids).toHaveLength(2);
      expect(p.steered.projection).toEqual(p.unsteered.projection);
    }
  });

  it('steers a band of layers with a per-layer [n_layers, d_model] direction', async () => {
    const v = new Float32Array(2 * 64).map((_, i) => Math.sin(i));
    await writeFile(path.join(tmp, 'both.npy'), writeNpy(v, [2, 64]));
    const run = await ok(['steer', 'truthworld', '--direction', 'both.npy', '--layers', '0-1', '--alpha', '2', '--text', 'ann says mia lives in', '--json', '--backend', 'cpu']);
    expect(JSON.parse(run.stdout).layers).toEqual([0, 1]);
  });

  it('reports bad flags, files and shapes as one error line with exit status 2', async () => {
    const text = ['--text', 'bob says mia lives in'];
    expectCliError(await runCli([...STEER, ...text], tmp), 'missing --alpha');
    expectCliError(await runCli([...STEER, '--alpha', 'x', ...text], tmp), '--alpha must be a number, got "x"');
    expectCliError(await runCli([...STEER, '--alpha', '1', '--mode', 'always', ...text], tmp), '--mode must be oneshot or continual');
    expectCliError(await runCli([...STEER, '--alpha', '1', '--site', 'hook_q', ...text], tmp), '--site must be one of');
    expectCliError(await runCli([...BASE, '--alpha', '1', '--positions', 'first', ...text], tmp), '--positions must be all, last, generated or token indices');
    expectCliError(await runCli([...STEER, '--alpha', '1', '--max-new', '0', ...text], tmp), '--max-new must be at least 1');
    expectCliError(await runCli([...STEER.slice(0, 4), '--alpha', '1', ...text], tmp), 'missing --layers');
    expectCliError(await runCli([...STEER, '--alpha', '1'], tmp), 'exactly one of --text STR, --ids 1,2,3 or --prompts FILE');
    const layers = (spec: string) => ['steer', 'truthworld', '--direction', 'v.npy', '--layers', spec, '--alpha', '1', ...text, '--backend', 'cpu'];
    expectCliError(await runCli(layers('3'), tmp), '--layers 3: the model has layers 0–1');
    expectCliError(await runCli(layers('1-0'), tmp), "the band's first layer comes first");
    expectCliError(await runCli(layers('a'), tmp), '--layers must be a layer L or a band L-M');
    const file = (name: string) => ['steer', 'truthworld', '--direction', name, '--layers', '0', '--alpha', '1', ...text, '--backend', 'cpu'];
    expectCliError(await runCli(file('short.npy'), tmp), 'short.npy has shape [5]; the direction must be [64], [1, 64] or [2, 64]');
    expectCliError(await runCli(file('missing.npy'), tmp), 'cannot read missing.npy');
    expectCliError(await runCli(file('prompts.txt'), tmp), 'prompts.txt is not a readable .npy file');
  });

  it('is listed in the top-level help', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toMatch(/\n {2}steer +continuations with and without a steering vector/);
  });
});
