// `repscope patch` on the built-in truthworld model: the summary, the JSON heat maps it writes, and its
// errors (one `error:` line, exit 2), including prompts of different token lengths.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCliError, removeDir, runCli, tempDir } from './harness';

let tmp: string;
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(() => removeDir(tmp));

const BASE = ['patch', 'truthworld', '--clean', 'ann says mia lives in', '--corrupt', 'bob says mia lives in', '--backend', 'cpu'];

describe('repscope patch', () => {
  it('writes a heat map per site and says where the effect is; the speaker in layer 0 recovers it all', async () => {
    const run = await runCli([...BASE, '--targets', 'lima,oslo', '--sites', 'resid_pre,heads', '--out', 'out/patch.json'], tmp);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^metric logitdiff: clean -?[0-9.]+, corrupt -?[0-9.]+$/);
    expect(lines[1]).toMatch(/^resid_pre +top L0 ann recovers 1\.000; components for 50%: 1, 80%: 1, 90%: 1$/);
    expect(lines[2]).toMatch(/^heads +top L[01] H[0-3] recovers /);
    expect(lines[3]).toBe(`wrote ${path.join('out', 'patch.json')}`);
    const json = JSON.parse(await readFile(path.join(tmp, 'out', 'patch.json'), 'utf8'));
    expect(json.model).toBe('truthworld');
    expect(json.clean.tokens).toEqual(['<bos>', 'ann', 'says', 'mia', 'lives', 'in']);
    expect(json.metric).toMatchObject({ kind: 'logitdiff', targets: ['lima', 'oslo'] });
    expect(json.nTokens).toBe(6);
    const [resid, heads] = json.heatmaps;
    expect(resid).toMatchObject({ site: 'resid_pre', rows: ['L0', 'L1'], cols: json.clean.tokens, colKind: 'position' });
    expect(resid.values[1]).toBeCloseTo(1, 4);
    expect(resid.cells[1]).toEqual({ hook: 'blocks.0.hook_resid_pre', pos: 1, head: null });
    expect(heads).toMatchObject({ site: 'heads', cols: ['H0', 'H1', 'H2', 'H3'], colKind: 'head' });
    expect(heads.density.recovery).toHaveLength(8);
  });

  it('measures the probability of one target with --metric prob, per head and position when asked', async () => {
    const run = await runCli([...BASE, '--metric', 'prob', '--targets', 'lima', '--sites', 'heads', '--head-positions', 'each', '--out', 'prob.json'], tmp);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(tmp, 'prob.json'), 'utf8'));
    expect(json.metricClean).toBeGreaterThan(json.metricCorrupt);
    expect(json.heatmaps[0].rows).toHaveLength(8);
    expect(json.heatmaps[0].values).toHaveLength(8 * 6);
  });

  it('says clearly when the prompts have different token lengths', async () => {
    const run = await runCli(['patch', 'truthworld', '--clean', 'ann says mia lives in', '--corrupt', 'bob says mia lives', '--targets', 'lima,oslo', '--out', 'x.json', '--backend', 'cpu'], tmp);
    expectCliError(run, '--clean has 6 tokens (<bos> ann says mia lives in) but --corrupt has 5 tokens', 'same token length');
  });

  it('rejects bad targets, metrics and sites with one error line', async () => {
    const out = ['--out', 'x.json'];
    expectCliError(await runCli([...BASE, '--targets', 'lima,atlantis', ...out], tmp), '--targets: "atlantis" is not a token of the model\'s vocabulary');
    expectCliError(await runCli([...BASE, '--targets', 'lima', ...out], tmp), '--metric logitdiff needs two targets');
    expectCliError(await runCli([...BASE, '--metric', 'prob', '--targets', 'lima,oslo', ...out], tmp), '--metric prob needs one target');
    expectCliError(await runCli([...BASE, '--metric', 'kl', '--targets', 'lima', ...out], tmp), '--metric must be logitdiff or prob, got "kl"');
    expectCliError(await runCli([...BASE, '--targets', 'lima,oslo', '--sites', 'resid_post', ...out], tmp), '--sites: unknown site "resid_post"; sites are resid_pre');
    expectCliError(await runCli([...BASE, '--targets', 'lima,oslo'], tmp), 'missing --out FILE.json');
    expectCliError(await runCli([...BASE, '--targets', 'lima,lima', ...out], tmp), 'the metric is the same on the clean and the corrupt prompt');
    expectCliError(await runCli(['patch', 'truthworld', '--corrupt', 'x', '--targets', 'a,b', ...out], tmp), 'missing --clean TEXT');
  });
});
