// The page: header (model, backend, share, export), a status strip (why this backend, engine progress),
// warnings, and two tabs: the explorer (dataset and view controls beside the charts) and the Engine check.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { BackendBadge, BackendReason } from '../ui/components/BackendBadge';
import { DownloadMenu } from '../ui/components/DownloadMenu';
import { DropAnywhere } from '../ui/components/DropAnywhere';
import { ModelPicker } from '../ui/components/ModelPicker';
import { ProgressBar } from '../ui/components/ProgressBar';
import { ShareButton } from '../ui/components/ShareButton';
import { WarningBanner } from '../ui/components/WarningBanner';
import type { BackendPreference, Theme } from '../data/urlState';
import { createController, type Controller } from './controller';
import { EngineTab } from './EngineTab';
import { ExplorerTab } from './ExplorerTab';
import { EXPORT_LABELS, type ExportKind } from './exports';
import { activeJobs } from './viewData';
import type { AppState } from './store';
import '../ui/styles.css';

const BACKEND_OPTIONS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
type Tab = 'explore' | 'engine';

function exportItems(s: AppState) {
  const noData = !s.engine.model || !s.dataset ? 'Load a model and a dataset first' : null;
  return (Object.keys(EXPORT_LABELS) as ExportKind[]).map((kind) => ({ kind, label: EXPORT_LABELS[kind], unavailable: kind === 'session' ? null : noData }));
}

function Header({ ctl, s, tab, setTab }: { ctl: Controller; s: AppState; tab: Tab; setTab: (t: Tab) => void }) {
  const model = s.engine.model?.id ?? s.engine.loading ?? (s.view.model || s.catalog?.models[0]?.id || '');
  return (
    <header className="top">
      <h1>Repscope</h1>
      <ModelPicker models={s.catalog?.models ?? []} value={model} loading={s.engine.loading !== null} onChange={(id) => ctl.actions().setView({ model: id })} />
      <nav className="tabs" role="tablist">
        {(['explore', 'engine'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
            {t === 'explore' ? 'Explorer' : 'Engine'}
          </button>
        ))}
      </nav>
      <span className="spacer" />
      <BackendBadge chosen={s.engine.backend?.chosen ?? null} reason={s.engine.backend?.reason ?? 'selecting a backend…'} requested={s.view.backend}
        options={BACKEND_OPTIONS} onRequest={(c) => ctl.actions().setView({ backend: c as BackendPreference })} />
      <label className="theme" title="Colour theme">
        <span className="sr-only">Theme</span>
        <select value={s.view.theme} onChange={(e) => ctl.actions().setView({ theme: e.target.value as Theme })} data-testid="theme-select">
          <option value="auto">◐ auto</option>
          <option value="light">☀ light</option>
          <option value="dark">☾ dark</option>
        </select>
      </label>
      <ShareButton link={ctl.link} />
      <DownloadMenu items={exportItems(s)} onPick={(kind) => ctl.exportFile(kind as ExportKind)} />
    </header>
  );
}

export function App() {
  const [ctl] = useState(() => createController());
  const s = useSyncExternalStore(ctl.store.subscribe, ctl.store.getState);
  const [tab, setTab] = useState<Tab>('explore');
  useEffect(() => ctl.start(), [ctl]);
  const onFiles = useCallback((files: File[]) => {
    if (files[0]) void ctl.actions().openFile(files[0]);
  }, [ctl]);
  const loading = s.engine.loading ?? (s.datasetLoading !== null ? 'the prompts' : null);
  const jobs = [...(loading ? [{ keys: [], label: 'Loading', what: `Loading ${loading}…`, done: 0, total: 0, etaMs: null }] : []), ...activeJobs(s)];
  return (
    <DropAnywhere onFiles={onFiles}>
      <div className="app">
        <Header ctl={ctl} s={s} tab={tab} setTab={setTab} />
        <div className="strip">
          <BackendReason reason={[s.engine.backend?.reason ?? 'selecting a backend…', s.engine.fallback].filter(Boolean).join(' · ')} />
          <ProgressBar jobs={jobs} onCancel={(keys) => ctl.actions().cancel(keys)} />
        </div>
        <WarningBanner warnings={s.warnings} onDismiss={(i) => ctl.actions().dismissWarning(i)} />
        {s.engine.error && tab === 'explore' && (
          <p className="error banner" role="alert">
            {s.engine.error} <button type="button" className="link-button" onClick={() => ctl.actions().reloadModel()}>Try again</button>
          </p>
        )}
        {tab === 'explore' ? <ExplorerTab ctl={ctl} s={s} onFiles={onFiles} /> : <EngineTab ctl={ctl} s={s} />}
      </div>
    </DropAnywhere>
  );
}
