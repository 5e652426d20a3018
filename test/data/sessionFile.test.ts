// Tests for session files: what is written, that a session reads back whole, and that a damaged or
// hostile file is refused or reduced to defaults through the same field table as links.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksLikeSession, parseSession, serializeSession } from '../../src/data/sessionFile';
import { defaultViewState } from '../../src/data/urlState';
import { viewState } from './urlStateArbitraries';

const fixture = readFileSync(new URL('../fixtures/prompts/session.json', import.meta.url), 'utf8');
const FIX = 'export the session again from the app';

describe('serializeSession and parseSession', () => {
  it('round-trip random states with their dataset', () => {
    fc.assert(
      fc.property(viewState, fc.option(fc.record({ name: fc.string({ maxLength: 40 }), text: fc.string({ unit: 'grapheme' }) }), { nil: undefined }), (state, dataset) => {
        const parsed = parseSession(serializeSession(state, dataset));
        expect(parsed).toEqual({ ok: true, warnings: [], session: { kind: 'repscope-session', version: 1, state, ...(dataset ? { dataset } : {}) } });
      }),
      { numRuns: 200 },
    );
  });

  it('write every field of the view, so the file explains itself', () => {
    const json = JSON.parse(serializeSession(defaultViewState()));
    expect(Object.keys(json)).toEqual(['kind', 'version', 'state']);
    expect(Object.keys(json.state)).toEqual(['model', 'dataset', 'site', 'layer', 'position', 'method', 'umap', 'pca', 'colourBy', 'selection', 'probe', 'maxPrompts', 'backend', 'theme', 'tab', 'causal']);
  });

  it('read the exported fixture', () => {
    const parsed = parseSession(fixture);
    expect(parsed.ok && parsed.session.state).toMatchObject({ model: 'truthworld', layer: 2, method: 'umap', colourBy: 'label', selection: [0, 2] });
    expect(parsed.ok && parsed.session.dataset).toEqual({ name: 'mini.csv', text: 'text,label\nThe sky is blue,true\nThe sky is green,false\n' });
    expect(looksLikeSession(fixture)).toBe(true);
    expect(looksLikeSession('{"text": "kind"}')).toBe(false);
  });
});

describe('parseSession on bad files', () => {
  it.each([
    ['not json', 'it is not valid JSON'],
    ['{"kind": "other"}', 'it has no "kind": "repscope-session"'],
    ['{"kind": "repscope-session", "version": 2}', 'it is version 2, and this app reads version 1'],
    ['{"kind": "repscope-session", "version": 1, "dataset": "x"}', 'its dataset is "x", not {"name", "text"}'],
    ['{"kind": "repscope-session", "version": 1, "dataset": {"name": "a"}}', 'its dataset has no text'],
    [`${'['.repeat(100)}${']'.repeat(100)}`, 'it nests too deeply'],
  ])('refuses %s, saying why and what to do', (text, why) => {
    expect(parseSession(text, 's.json')).toEqual({ ok: false, error: `s.json is not a usable Repscope session: ${why}; ${FIX}` });
  });

  it('keeps good fields, replaces bad ones by defaults, and never touches prototypes', () => {
    const text = '{"kind": "repscope-session", "version": 1, "__proto__": {"polluted": 1}, "state": {"layer": 2, "theme": "neon", "constructor": {"prototype": {"polluted": 1}}}}';
    const parsed = parseSession(text, 's.json');
    expect(parsed.ok && parsed.session.state).toEqual({ ...defaultViewState(), layer: 2 });
    expect(parsed.ok && parsed.warnings).toEqual([
      's.json has an unusable theme (expected one of auto, light, dark, found "neon"); using the system theme instead',
      's.json has settings this version does not know ("constructor"); they were ignored',
    ]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
