// The built-in truthworld model from the command line: `repscope info` and `repscope generate` resolve the
// built-in id, and the continuation tells the truth after an honest speaker and lies after a liar.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { REPO_ROOT, runCli } from '../cli/harness';

interface Card {
  world: { people: { name: string; city: string }[]; values: { city: string[] }; speakers?: unknown };
}

async function card(): Promise<Card> {
  return JSON.parse(await readFile(`${REPO_ROOT}public/models/truthworld/card.json`, 'utf8')) as Card;
}

describe('repscope on the built-in truthworld model', () => {
  it('info describes the shipped model by its id', async () => {
    const run = await runCli(['info', 'truthworld']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/truthworld \(built-in/);
    expect(run.stdout).toMatch(/2 layers, d_model 64/);
    expect(run.stdout).toMatch(/tokenizer\s+word/);
  });

  it('generate names the true city after an honest speaker and a wrong city after a liar', async () => {
    const { world } = await card();
    const mia = world.people.find((p) => p.name === 'mia')!;
    const honest = await runCli(['generate', 'truthworld', '--text', 'ann says mia lives in', '--max-new', '1', '--json']);
    const liar = await runCli(['generate', 'truthworld', '--text', 'bob says mia lives in', '--max-new', '1', '--json']);
    expect(honest.code, honest.stderr).toBe(0);
    expect(liar.code, liar.stderr).toBe(0);
    const said = (run: { stdout: string }) => (JSON.parse(run.stdout) as { text: string }).text.trim();
    expect(said(honest)).toBe(mia.city);
    expect(world.values.city).toContain(said(liar));
    expect(said(liar)).not.toBe(mia.city);
  });
});
