// The explorer tab: the dataset and view controls on the left, the charts and the prompt table on the
// right, all read from the store; every control dispatches through the actions.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Controls, positionText } from '../ui/components/Controls';
import { DatasetPanel, type DatasetSummary, type PendingSummary } from '../ui/components/DatasetPanel';
import { ExplorerView } from '../ui/components/ExplorerView';
import { PromptPreview } from '../ui/components/PromptPreview';
import type { Actions } from './actions';
import type { Controller } from './controller';
import { contrastPairs, labelColumn, resolveLayer, runRows } from './selectors';
import type { AppState } from './store';
import { explorerData, type ExplorerData } from './viewData';

/** The width of an element, kept up to date as the window resizes. */
function useWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(560, Math.floor(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function datasetSummary(s: AppState): DatasetSummary | null {
  const d = s.dataset;
  if (!d) return null;
  const entry = s.catalog?.models.flatMap((m) => m.datasets).find((b) => d.id === `builtin:${b.id}`);
  return {
    name: d.name, prompts: d.rows.length, running: runRows(d, s.view.maxPrompts).rows.length,
    columns: d.textColumn === null ? [] : [d.textColumn, ...new Set(d.rows.slice(0, 50).flatMap((r) => [...r.labels.keys()]))],
    textColumn: d.textColumn, labelColumns: d.labelColumns, pairs: contrastPairs(d.rows, labelColumn(s.view, d)).length,
    description: entry?.description || null,
  };
}

function pendingSummary(s: AppState): PendingSummary | null {
  const p = s.pending;
  return p && { name: p.name, readable: p.parsed.rows.length, errorCount: p.parsed.errorCount, errors: p.parsed.errors };
}

function Preview({ data, position }: { data: ExplorerData; position: string }) {
  const encoding = data.encoding.kind === 'ready' ? data.encoding.value : null;
  return (
    <PromptPreview rows={data.rows.map((r, i) => ({ line: r.line, text: r.text, label: data.labels[i] }))} encoding={encoding}
      labelColumn={data.labelColumn} positionText={position} />
  );
}

function builtinProps(s: AppState, act: () => Actions) {
  const sets = s.catalog?.models.find((m) => m.id === s.engine.model?.id)?.datasets ?? [];
  const id = s.dataset?.id.startsWith('builtin:') ? s.dataset.id.slice('builtin:'.length) : null;
  return {
    builtins: sets.map((d) => ({ id: d.id, title: `${d.id}${d.rows ? ` (${d.rows})` : ''}` })),
    builtinId: sets.some((d) => d.id === id) ? id : null,
    onBuiltin: (chosen: string) => act().setView({ dataset: chosen === sets[0]?.id ? null : { kind: 'builtin', id: chosen } }),
  };
}

export function ExplorerTab({ ctl, s, onFiles }: { ctl: Controller; s: AppState; onFiles: (files: File[]) => void }) {
  const [mainRef, width] = useWidth<HTMLDivElement>(940);
  const act = () => ctl.actions();
  const model = s.engine.model;
  const data = explorerData(s);
  const suggested = s.dataset?.readPosition;
  const loading = s.datasetLoading !== null || s.engine.loading !== null;
  return (
    <div className="body">
      <aside className="side">
        <DatasetPanel {...builtinProps(s, act)} summary={datasetSummary(s)} loading={loading} pending={pendingSummary(s)} fileError={s.fileError} maxPrompts={s.view.maxPrompts}
          colourBy={labelColumn(s.view, s.dataset)} onFiles={onFiles} onPaste={(t) => act().openText(t)} onAccept={() => act().acceptPending()}
          onDismiss={() => act().dismissPending()} onTextColumn={(c) => act().chooseTextColumn(c)} onColourBy={(c) => act().setView({ colourBy: c })}
          onMaxPrompts={(n) => act().setView({ maxPrompts: n })} />
        {model && (
          <Controls sites={model.sites} site={s.view.site} nLayers={model.nLayers} layer={resolveLayer(s.view.layer, model.nLayers)} position={s.view.position}
            suggested={suggested} method={s.view.method} umap={s.view.umap} pca={s.view.pca} probe={s.view.probe} onChange={(patch) => act().setView(patch)} />
        )}
      </aside>
      <main className="main" ref={mainRef}>
        {data ? (
          <>
            <ExplorerView data={data} width={width} site={s.view.site} method={s.view.method} positionText={positionText(s.view.position)}
              selection={s.view.selection} onSelect={(selection) => act().setView({ selection })} onSelectLayer={(layer) => act().setView({ layer })}
              onCancel={(keys) => act().cancel(keys)} onRetry={(keys) => act().retry(keys)} onUmapAllLayers={() => act().computeUmapAllLayers()} />
            <Preview data={data} position={positionText(s.view.position)} />
          </>
        ) : (
          <p className="muted loading" data-testid="explorer-loading">{s.engine.loading ? `Loading ${s.engine.loading}…` : loading ? 'Loading the prompts…' : 'Pick a model and drop a prompt file to begin.'}</p>
        )}
      </main>
    </div>
  );
}
