// The URL fragment as a function of the store's view: each change pushes a history entry (so Back and
// Forward step between views), changes in quick succession (a slider drag) update one entry, and the
// fragment is decoded on load and on popstate, a hostile one falling back to defaults with warnings.
import { decodeViewState, encodeViewState, type DecodedViewState, type ViewState } from '../data/urlState';

export interface HistoryLike {
  pushState(data: unknown, unused: string, url: string): void;
  replaceState(data: unknown, unused: string, url: string): void;
}

export interface LocationLike {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

export interface UrlSyncOptions {
  history: HistoryLike;
  location: LocationLike;
  /** Changes closer together than this share one history entry (default 700 ms). */
  burstMs?: number;
  now?: () => number;
}

export interface UrlSync {
  /** The view in the current fragment, with warnings for anything unusable. */
  read(): DecodedViewState;
  /** Makes the fragment say `view`; `replace` rewrites the current entry instead of adding one. */
  write(view: ViewState, replace?: boolean): void;
}

export const DEFAULT_BURST_MS = 700;

/** The address for `view`: the fragment, or no fragment at all for the default view. */
export function urlFor(view: ViewState, location: LocationLike): string {
  const fragment = encodeViewState(view);
  return fragment === '' ? `${location.pathname}${location.search}` : `#${fragment}`;
}

export function createUrlSync(options: UrlSyncOptions): UrlSync {
  const { history, location } = options;
  const burstMs = options.burstMs ?? DEFAULT_BURST_MS;
  const now = options.now ?? (() => Date.now());
  let lastWrite = -Infinity;
  return {
    read: () => decodeViewState(location.hash),
    write(view, replace = false) {
      const fragment = encodeViewState(view);
      const current = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
      if (fragment === current) return;
      const url = urlFor(view, location);
      const t = now();
      if (replace || t - lastWrite < burstMs) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
      lastWrite = replace ? lastWrite : t;
    },
  };
}

export interface ViewSource {
  subscribe(listener: () => void): () => void;
  view(): ViewState;
  /** True when the last change was the user's (a new entry); false for links and the app's own fixes. */
  byUser(): boolean;
}

/** Keeps the URL in step with the view: writes on every change of it, reads on popstate. */
export function bindUrlSync(sync: UrlSync, source: ViewSource, onPop: (decoded: DecodedViewState) => void, target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  let last = source.view();
  const unsubscribe = source.subscribe(() => {
    const view = source.view();
    if (view === last) return;
    last = view;
    sync.write(view, !source.byUser());
  });
  const pop = () => {
    const decoded = sync.read();
    onPop(decoded);
    last = source.view();
    // A link that decoded with warnings is rewritten in place, without adding an entry.
    if (decoded.warnings.length > 0) sync.write(last, true);
  };
  target.addEventListener('popstate', pop);
  return () => {
    unsubscribe();
    target.removeEventListener('popstate', pop);
  };
}
