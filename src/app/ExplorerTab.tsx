// The explorer tab: the dataset and view controls on the left, the charts and the prompt table on the
// right, all read from the store; every control dispatches through the actions.
import { Controls, positionText } from '../ui/components/Controls';
import { DatasetPanel, type DatasetSummary, type PendingSummary } from '../ui/components/DatasetPanel';
import { memo, useMemo } from 'react';
import { ExplorerView } from '../ui/components/ExplorerView';
import { PromptPreview } from '../ui/components/PromptPreview';
import type { Actions } from './actions';
import type { Controller } from './controller';
import { contrastPairs, labelColumn, resolveLayer, runRows } from './selectors';
import type { AppState } from './store';
import { useWidth } from './useWidth';
import { useExplorerData, useViewHandlers } from './useExplorerData';
import type { ExplorerData } from './viewData';

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

// Memoised, with stable inputs (useExplorerData), so a job's progress tick redraws neither.
type PreviewProps = Pick<ExplorerData, 'rows' | 'labels' | 'encoding' | 'labelColumn'> & { position: string };
const Preview = memo(function Preview({ rows, labels, encoding, labelColumn, position }: PreviewProps) {
  const shown = useMemo(() => rows.map((r, i) => ({ line: r.line, text: r.text, label: labels[i] })), [rows, labels]);
  return <PromptPreview rows={shown} encoding={encoding.kind === 'ready' ? encoding.value : null} labelColumn={labelColumn} positionText={position} />;
});
const MemoExplorerView = memo(ExplorerView);

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
  const data = useExplorerData(s);
  const handlers = useViewHandlers(ctl);
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
            <MemoExplorerView data={data} width={width} site={s.view.site} method={s.view.method} positionText={positionText(s.view.position)}
              selection={s.view.selection} {...handlers} />
            <Preview rows={data.rows} labels={data.labels} encoding={data.encoding} labelColumn={data.labelColumn} position={positionText(s.view.position)} />
          </>
        ) : (
          <p className="muted loading" data-testid="explorer-loading">{s.engine.loading ? `Loading ${s.engine.loading}…` : loading ? 'Loading the prompts…' : 'Pick a model and drop a prompt file to begin.'}</p>
        )}
      </main>
    </div>
  );
}
