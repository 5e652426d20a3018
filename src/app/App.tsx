// The page: header (model, backend, share, export), a status strip (why this backend, engine progress),
// warnings, and three tabs (part of the view, so of the link): the explorer (dataset and view controls beside
// the charts), the causal tests (steering, ablation, patching, lens, attention) and the Engine check.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { BackendBadge, BackendReason } from '../ui/components/BackendBadge';
import { DownloadMenu } from '../ui/components/DownloadMenu';
import { DropAnywhere } from '../ui/components/DropAnywhere';
import { ModelPicker } from '../ui/components/ModelPicker';
import { ProgressBar } from '../ui/components/ProgressBar';
import { ShareButton } from '../ui/components/ShareButton';
import { WarningBanner } from '../ui/components/WarningBanner';
import { APP_TABS, type AppTab, type BackendPreference, type Theme } from '../data/urlState';
import { createController, type Controller } from './controller';
import { CausalTab } from './CausalTab';
import { openDirectionFile } from './causalActions';
import { EngineTab } from './EngineTab';
import { ExplorerTab } from './ExplorerTab';
import { exposeTestHook } from './testHook';
import { EXPORT_LABELS, type ExportKind } from './exports';
import { CAUSAL_EXPORT_LABELS, type CausalExportKind } from './exportsCausal';
import { activeJobs, modelLoadJob } from './viewData';
import type { AppState } from './store';
import '../ui/styles.css';
import { TabBar } from '../ui/components/TabBar';

const BACKEND_OPTIONS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const TAB_NAMES: Record<AppTab, string> = { explore: 'Explorer', causal: 'Causal', engine: 'Model' };

function exportItems(s: AppState) {
  const noData = !s.engine.model || !s.dataset ? 'Load a model and a dataset first' : null;
  const items = (Object.keys(EXPORT_LABELS) as (keyof typeof EXPORT_LABELS)[]).map((kind) => ({ kind, label: EXPORT_LABELS[kind], unavailable: kind === 'session' ? null : noData }));
  const causal = s.view.tab !== 'causal' ? [] : (Object.keys(CAUSAL_EXPORT_LABELS) as CausalExportKind[]).map((kind) => ({ kind, label: CAUSAL_EXPORT_LABELS[kind], unavailable: noData }));
  return [...items, ...causal];
}

/** The built-in models, plus the model loaded from the user's files while it is loaded. */
function modelOptions(s: AppState) {
  const builtIn = s.catalog?.models ?? [];
  const own = s.engine.model;
  return own && !builtIn.some((m) => m.id === own.id) ? [...builtIn, { id: own.id, title: `${own.id} (your files)` }] : builtIn;
}

function Header({ ctl, s, tab, setTab }: { ctl: Controller; s: AppState; tab: AppTab; setTab: (t: AppTab) => void }) {
  const model = s.engine.model?.id ?? s.engine.loading ?? (s.view.model || s.catalog?.models[0]?.id || '');
  return (
    <header className="top">
      <h1>Repscope</h1>
      <ModelPicker models={modelOptions(s)} value={model} loading={s.engine.loading !== null} onChange={(id) => ctl.actions().setView({ model: id })}
        onOpenFiles={(files) => void ctl.actions().openModelFiles(files)} />
      <TabBar tabs={APP_TABS} selected={tab} names={TAB_NAMES} onSelect={setTab} label="Views" testId={(t) => (t === 'causal' ? 'causal-tab' : `tab-${t}`)} />
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
  const tab = s.view.tab;
  // Through the store, not the actions: a tab can be picked before the engine has started.
  const setTab = useCallback((t: AppTab) => ctl.store.dispatch({ type: 'setView', patch: { tab: t } }), [ctl]);
  useEffect(() => ctl.start(), [ctl]);
  useEffect(() => exposeTestHook(ctl), [ctl]);
  const onFiles = useCallback((files: File[]) => {
    // On the Causal tab a dropped .npy is a direction; anything else is a prompt, session or model file.
    if (ctl.store.getState().view.tab === 'causal' && files.length === 1 && /\.npy$/i.test(files[0].name)) void openDirectionFile(ctl.store, files[0]);
    else void ctl.actions().openFiles(files);
  }, [ctl]);
  const loading = modelLoadJob(s) ?? (s.datasetLoading !== null ? { keys: [], label: 'Loading', what: 'Loading the prompts…', done: 0, total: 0, etaMs: null } : null);
  const jobs = [...(loading ? [loading] : []), ...activeJobs(s)];
  return (
    <DropAnywhere onFiles={onFiles}>
      <div className="app">
        <Header ctl={ctl} s={s} tab={tab} setTab={setTab} />
        <div className="strip">
          <BackendReason reason={[s.engine.backend?.reason ?? 'selecting a backend…', s.engine.fallback].filter(Boolean).join(' · ')} />
          <ProgressBar jobs={jobs} onCancel={(keys) => ctl.actions().cancel(keys)} />
        </div>
        <WarningBanner warnings={s.warnings} onDismiss={(i) => ctl.actions().dismissWarning(i)} />
        {s.engine.error && tab !== 'engine' && (
          <p className="error banner" role="alert">
            {s.engine.error} {s.engine.failed && <button type="button" className="link-button" onClick={() => ctl.actions().reloadModel()}>Try again</button>}
          </p>
        )}
        {tab === 'explore' ? <ExplorerTab ctl={ctl} s={s} onFiles={onFiles} /> : tab === 'causal' ? <CausalTab ctl={ctl} s={s} /> : <EngineTab ctl={ctl} s={s} />}
      </div>
    </DropAnywhere>
  );
}
