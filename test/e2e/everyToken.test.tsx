// Position 'every token' in the browser, on the brackets model and its brackets-sequences set: one point
// per token (as many as the tokenizer gives the prompts), coloured by the token-level `depths` column,
// a tooltip that marks the hovered point's own token, and probes for depth per layer well above majority.
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { exportText, idle, mountApp, parseCsv, points, probeDrawn, select, type Mounted } from './explorerHarness';

let m: Mounted | null = null;
afterAll(() => m?.unmount());

async function datasetRows(): Promise<{ text: string; depths: string }[]> {
  const text = await (await fetch('/datasets/brackets-sequences.jsonl')).text();
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { text: string; depths: string });
}

/** Tokens of each prompt as the brackets tokenizer reads it: <bos>, then one per whitespace-separated bracket. */
async function expectedTokens(): Promise<{ prompts: number; tokens: number }> {
  const rows = await datasetRows();
  for (const r of rows) expect(r.depths.split(' ')).toHaveLength(r.text.split(/\s+/).length);
  return { prompts: rows.length, tokens: rows.reduce((s, r) => s + 1 + r.text.split(/\s+/).length, 0) };
}

describe('the explorer at every token', () => {
  it('shows one point per token of brackets-sequences, coloured by depths, and probes depth per layer', async () => {
    await page.viewport(1280, 900);
    m = mountApp();
    const picker = await m.waitFor(() => { const p = m!.q('model-picker') as HTMLSelectElement | null; return p && [...p.options].some((o) => o.value === 'brackets') && p; }, 'the model list');
    await select(picker, 'brackets');
    await m.waitFor(() => (m!.q('builtin-dataset') as HTMLSelectElement | null)?.value === 'brackets-sequences' && /300 prompts/.test(m!.q('dataset-summary')?.textContent ?? ''), 'brackets-sequences');
    await select(m.q('position-select')!, 'all');
    const colour = await m.waitFor(() => { const c = m!.q('token-colour-by') as HTMLSelectElement | null; return c && [...c.options].some((o) => o.value === 'depths') && c; }, 'the token colouring menu');
    await select(colour, 'depths');
    const want = await expectedTokens();
    await m.waitFor(() => points(m!) === want.tokens && probeDrawn(m!) && idle(m!), `${want.tokens} points, the probe line and an idle engine`);
    expect(m.q('token-note')!.textContent).toBe(`every token: ${want.tokens.toLocaleString('en-US')} tokens of ${want.prompts} prompts`);
    expect([...colour.options].find((o) => o.value === 'depths')!.textContent).toBe('depths (per token)');
    const legend = [...m.q('scatter')!.querySelectorAll('.rs-legend li, [data-category]')].map((e) => e.textContent ?? '');
    expect(legend.some((t) => t.startsWith('0'))).toBe(true);
    expect(legend.some((t) => t.startsWith('8'))).toBe(true);
    await m.waitFor(() => /pairs are per prompt; choose a per-prompt position/.test(m!.q('directions-accuracy')?.textContent ?? ''), 'the note that pairs are per prompt');
    await page.screenshot({ path: '../../test-artifacts/explorer-every-token.png' });

    const probe = parseCsv(await exportText(m, /Probe results/));
    const col = (name: string) => probe.header.indexOf(name);
    const layers = probe.rows.filter((r) => r.length > 1).map((r) => ({ layer: Number(r[col('layer')]), accuracy: Number(r[col('accuracy')]), majority: Number(r[col('majority')]), rows: Number(r[col('prompts')]) }));
    console.log('every-token probe on depths:', JSON.stringify(layers));
    expect(layers.map((l) => l.layer)).toEqual([0, 1]);
    // Every text token has a depth; <bos> has none, so the probe sees tokens − prompts rows.
    expect(layers[0].rows).toBe(want.tokens - want.prompts);
    for (const l of layers) expect(l.accuracy).toBeGreaterThan(l.majority + 0.2);
    expect(layers[1].accuracy).toBeGreaterThan(0.8);
    // The dataset panel's menu names a built-in token colouring too, rather than showing a file column.
    await select(colour, '@token');
    await m.waitFor(() => (m!.q('colour-by') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent === 'token text', 'the dataset menu naming the token colouring');
    await select(colour, 'depths');
    await m.waitFor(() => (m!.q('colour-by') as HTMLSelectElement | null)?.value === 'depths', 'depths chosen again');
  }, 300_000);

  it('marks the hovered point’s own token in its prompt, with its place and its depth', async () => {
    const rows = await datasetRows();
    const hit = m!.q('scatter')!.querySelector('.rs-hit')!;
    const box = hit.getBoundingClientRect();
    const seen: string[] = [];
    // Sweep the plot until the pointer is over a bracket token (not a <bos>, which has no place in the text).
    for (let y = 20; y < box.height - 20 && seen.length < 3; y += 9) {
      for (let x = 40; x < box.width - 20 && seen.length < 3; x += 9) {
        hit.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + x, clientY: box.top + y, bubbles: true, pointerId: 1 }));
        await new Promise((r) => requestAnimationFrame(r));
        const tip = m!.q('scatter-tooltip');
        const detail = tip?.querySelector('[data-testid="scatter-tooltip-detail"]')?.textContent ?? '';
        const at = /^prompt (\d+) · token (\d+) “([()[\]])”$/.exec(detail);
        if (!tip || !at || seen.includes(detail)) continue;
        seen.push(detail);
        expect(tip.querySelector('mark')!.textContent).toBe(at[3]);
        // Token t of the prompt is bracket t − 1 of the text (after <bos>), whose depth is the label.
        const [prompt, token] = [Number(at[1]), Number(at[2])];
        expect(rows[prompt].text.split(' ')[token - 1]).toBe(at[3]);
        expect(tip.querySelector('.rs-tooltip-label')!.textContent).toBe(rows[prompt].depths.split(' ')[token - 1]);
      }
    }
    expect(seen.length).toBe(3);
  });

  it('exports coordinates with each token’s prompt, index and text', async () => {
    const csv = parseCsv(await exportText(m!, /Coordinates/));
    expect(csv.header.slice(0, 4)).toEqual(['index', 'prompt_index', 'token_index', 'token']);
    const body = csv.rows.filter((r) => r.length > 1);
    const want = await expectedTokens();
    expect(body).toHaveLength(want.tokens);
    // The first prompt is "( )" with depths "1 0": <bos> has no depth, then 1 and 0.
    const depth = csv.header.indexOf('depths');
    expect(body.slice(0, 3).map((r) => [r[1], r[2], r[3], r[depth]])).toEqual([['0', '0', '<bos>', ''], ['0', '1', '(', '1'], ['0', '2', ')', '0']]);
  });
});
