// The explorer tab: the dataset and view controls on the left, the charts and the prompt table on the
// right, all read from the store; every control dispatches through the actions.
import { Controls, positionText } from '../ui/components/Controls';
import { DatasetPanel, type DatasetSummary, type PendingSummary } from '../ui/components/DatasetPanel';
import { memo, useDeferredValue, useMemo } from 'react';
import { ExplorerView } from '../ui/components/ExplorerView';
import { PREVIEW_ROWS, PromptPreview, type PreviewEncoding, type PreviewRow } from '../ui/components/PromptPreview';
import type { Actions } from './actions';
import type { Controller } from './controller';
import { contrastPairs, labelColumn, resolveLayer, runRows } from './selectors';
import type { Dataset } from '../data/types';
import type { AppState } from './store';
import { useWidth } from './useWidth';
import { useExplorerData, useViewHandlers } from './useExplorerData';
import type { ExplorerData } from './viewData';
import { tokenColours } from './tokenColours';

/** Contrast pairs per dataset and orienting column, counted once: a walk over every row (100k of them) per render would not do. */
const pairCounts = new WeakMap<Dataset, Map<string | null, number>>();

function pairCount(d: Dataset, column: string | null): number {
  let counts = pairCounts.get(d);
  if (!counts) pairCounts.set(d, (counts = new Map()));
  let n = counts.get(column);
  if (n === undefined) counts.set(column, (n = contrastPairs(d.rows, column).length));
  return n;
}

function datasetSummary(s: AppState): DatasetSummary | null {
  const d = s.dataset;
  if (!d) return null;
  const entry = s.catalog?.models.flatMap((m) => m.datasets).find((b) => d.id === `builtin:${b.id}`);
  return {
    name: d.name, prompts: d.rows.length, running: runRows(d, s.view.maxPrompts).rows.length,
    columns: d.textColumn === null ? [] : [d.textColumn, ...new Set(d.rows.slice(0, 50).flatMap((r) => [...r.labels.keys()]))],
    textColumn: d.textColumn, labelColumns: d.labelColumns, pairs: pairCount(d, labelColumn(s.view, d)),
    description: entry?.description || null,
  };
}

function pendingSummary(s: AppState): PendingSummary | null {
  const p = s.pending;
  return p && { name: p.name, readable: p.parsed.rows.length, errorCount: p.parsed.errorCount, errors: p.parsed.errors };
}

interface PreviewHead {
  rows: PreviewRow[];
  encoding: PreviewEncoding[] | null;
  running: number;
}

/** The prompt table's rows (the first PREVIEW_ROWS that run), made again only when the rows, labels or tokens change. */
function usePreviewHead(data: ExplorerData | null): PreviewHead | null {
  const rows = data?.rows;
  const labels = data?.labels;
  const encoding = data?.encoding;
  return useMemo(() => {
    if (!rows || !labels) return null;
    const head = rows.slice(0, PREVIEW_ROWS).map((r, i) => ({ line: r.line, text: r.text, label: labels[i] }));
    return { rows: head, encoding: encoding?.kind === 'ready' ? encoding.value.slice(0, PREVIEW_ROWS) : null, running: rows.length };
  }, [rows, labels, encoding]);
}

// Memoised, with stable inputs (useExplorerData), so a job's progress tick redraws neither.
type PreviewProps = { head: PreviewHead; labelColumn: string | null; total: number; position: string };
const Preview = memo(function Preview({ head, labelColumn, total, position }: PreviewProps) {
  return <PromptPreview rows={head.rows} encoding={head.encoding} running={head.running} total={total} labelColumn={labelColumn} positionText={position} />;
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
  // The charts and the prompt table follow the store a beat later, in a render React may interrupt, so a
  // new dataset or a batch of results never holds the page in one long task; the controls answer at once.
  const shown = useDeferredValue(s);
  const data = useExplorerData(shown);
  const head = usePreviewHead(data);
  const handlers = useViewHandlers(ctl);
  const suggested = s.dataset?.readPosition;
  const loading = s.datasetLoading !== null || s.engine.loading !== null;
  return (
    <div className="body">
      <aside className="side">
        <DatasetPanel {...builtinProps(s, act)} summary={datasetSummary(s)} loading={loading} pending={pendingSummary(s)} fileError={s.fileError} reading={s.reading} maxPrompts={s.view.maxPrompts}
          colourBy={labelColumn(s.view, s.dataset)} onFiles={onFiles} onPaste={(t) => act().openText(t)} onAccept={() => act().acceptPending()}
          onDismiss={() => act().dismissPending()} onTextColumn={(c) => act().chooseTextColumn(c)} onColourBy={(c) => act().setView({ colourBy: c })}
          onMaxPrompts={(n) => act().setView({ maxPrompts: n })} />
        {model && (
          <Controls sites={model.sites} site={s.view.site} nLayers={model.nLayers} layer={resolveLayer(s.view.layer, model.nLayers)} position={s.view.position}
            suggested={suggested} tokenColours={tokenColours(s, data)} method={s.view.method} umap={s.view.umap} pca={s.view.pca} probe={s.view.probe} onChange={(patch) => act().setView(patch)} />
        )}
      </aside>
      <main className="main" ref={mainRef}>
        {data ? (
          <>
            <MemoExplorerView data={data} width={width} site={shown.view.site} method={shown.view.method} positionText={positionText(shown.view.position)}
              selection={shown.view.selection} {...handlers} />
            {head && <Preview head={head} labelColumn={data.labelColumn} total={data.total} position={positionText(shown.view.position)} />}
          </>
        ) : (
          <p className="muted loading" data-testid="explorer-loading">{s.engine.loading ? `Loading ${s.engine.loading}…` : loading ? 'Loading the prompts…' : 'Pick a model and drop a prompt file to begin.'}</p>
        )}
      </main>
    </div>
  );
}
