// URL sync with a fake history: a change adds an entry, quick changes share one, links and fixes rewrite
// in place, Back restores the previous view, and a hostile fragment falls back with a warning.
import { describe, expect, it } from 'vitest';
import { defaultViewState, encodeViewState, type DecodedViewState, type ViewState } from '../../src/data/urlState';
import { bindUrlSync, createUrlSync } from '../../src/app/urlSync';
import { createStore, initialState } from '../../src/app/store';

/** A history stack with a location whose hash follows the current entry, and a popstate target. */
class FakeHistory extends EventTarget {
  entries = ['/app'];
  index = 0;
  readonly location = { hash: '', pathname: '/app', search: '?x=1' };
  constructor(hash = '') {
    super();
    this.go(hash === '' ? '/app' : `#${hash}`);
  }
  private go(url: string) {
    this.entries[this.index] = url;
    this.location.hash = url.startsWith('#') && url.length > 1 ? url : '';
  }
  pushState(_d: unknown, _t: string, url: string) {
    this.entries = this.entries.slice(0, this.index + 1);
    this.entries.push(url);
    this.index++;
    this.go(url);
  }
  replaceState(_d: unknown, _t: string, url: string) {
    this.go(url);
  }
  back() {
    this.index--;
    this.go(this.entries[this.index]);
    this.dispatchEvent(new Event('popstate'));
  }
}

const view = (patch: Partial<ViewState>): ViewState => ({ ...defaultViewState(), ...patch });

describe('createUrlSync', () => {
  it('pushes an entry per change, but one entry for changes closer than the burst window', () => {
    const h = new FakeHistory();
    let t = 0;
    const sync = createUrlSync({ history: h, location: h.location, burstMs: 500, now: () => t });
    sync.write(view({ layer: 0 }));
    t = 100;
    sync.write(view({ layer: 1 }));
    t = 400;
    sync.write(view({ layer: 2 }));
    t = 2000;
    sync.write(view({ layer: 3 }));
    expect(h.entries).toEqual(['/app', `#${encodeViewState(view({ layer: 2 }))}`, `#${encodeViewState(view({ layer: 3 }))}`]);
  });

  it('writes nothing when the fragment already says the view, and drops the fragment for the default view', () => {
    const h = new FakeHistory(encodeViewState(view({ layer: 1 })));
    const sync = createUrlSync({ history: h, location: h.location, now: () => 0 });
    sync.write(view({ layer: 1 }));
    expect(h.entries).toHaveLength(1);
    sync.write(defaultViewState());
    expect(h.entries.at(-1)).toBe('/app?x=1');
  });

  it('reads the view back from the fragment, and falls back to defaults with a warning for a hostile one', () => {
    const h = new FakeHistory(encodeViewState(view({ site: 'hook_resid_pre', layer: 1 })));
    expect(createUrlSync({ history: h, location: h.location }).read()).toEqual({ state: view({ site: 'hook_resid_pre', layer: 1 }), warnings: [] });
    const hostile = new FakeHistory('v1.%%%<script>');
    const decoded = createUrlSync({ history: hostile, location: hostile.location }).read();
    expect(decoded.state).toEqual(defaultViewState());
    expect(decoded.warnings[0]).toMatch(/is not a Repscope view|damaged/);
  });
});

describe('bindUrlSync', () => {
  function setup(hash = '') {
    const h = new FakeHistory(hash);
    let t = 0;
    const store = createStore(initialState());
    const popped: DecodedViewState[] = [];
    const sync = createUrlSync({ history: h, location: h.location, burstMs: 500, now: () => (t += 1000) });
    const stop = bindUrlSync(sync, { subscribe: store.subscribe, view: () => store.getState().view, byUser: () => store.getState().viewSource === 'user' }, (d) => {
      popped.push(d);
      store.dispatch({ type: 'replaceView', view: d.state, warnings: d.warnings });
    }, h);
    return { h, store, popped, stop };
  }

  it('adds an entry for each change the user makes, and Back brings the previous view back', () => {
    const { h, store } = setup();
    store.dispatch({ type: 'setView', patch: { layer: 0 } });
    store.dispatch({ type: 'setView', patch: { method: 'umap' } });
    expect(h.entries).toHaveLength(3);
    h.back();
    expect(store.getState().view).toMatchObject({ layer: 0, method: 'pca' });
    expect(h.entries).toHaveLength(3);
    h.back();
    expect(store.getState().view).toEqual(defaultViewState());
  });

  it('rewrites the current entry for the app\'s own fixes instead of adding one', () => {
    const { h, store } = setup();
    store.dispatch({ type: 'fixView', patch: { site: 'hook_resid_pre' }, warnings: [] });
    expect(h.entries).toEqual([`#${encodeViewState(view({ site: 'hook_resid_pre' }))}`]);
  });

  it('stops writing once unbound', () => {
    const { h, store, stop } = setup();
    stop();
    store.dispatch({ type: 'setView', patch: { layer: 0 } });
    expect(h.entries).toEqual(['/app']);
  });

  it('on Back to a damaged entry shows the default view with a warning and cleans the address in place', () => {
    const { h, store, popped } = setup();
    h.pushState(null, '', '#v1.AAAA');
    store.dispatch({ type: 'setView', patch: { layer: 1 } });
    h.back();
    expect(popped.at(-1)!.warnings.length).toBeGreaterThan(0);
    expect(store.getState().warnings.length).toBeGreaterThan(0);
    expect(store.getState().view).toEqual(defaultViewState());
    expect(h.entries[h.index]).toBe('/app?x=1');
  });
});
