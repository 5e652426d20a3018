// The explorer's downloads: the session (view plus dataset) as JSON, the projected coordinates and the
// probe results as CSV, the chosen layer's activations as .npy for numpy, and the analysis as a Python script.
import { activationsToNpy, coordinatesToCsv, safeFileName, toCsv, type Cell } from '../data/export';
import { serializeSession } from '../data/sessionFile';
import type { PromptRow } from '../data/types';
import { tokenCoordinatesToCsv } from '../data/exportTokens';
import { tokenRowLabels } from '../data/tokenLabels';
import type { EngineClient } from '../workers/client';
import type { LayerProjection, ProbeSummary, Score } from '../workers/protocol';
import { buildPythonScript } from './exportPython';
import { buildCausalExport, isCausalExport, type CausalExportKind } from './exportsCausal';
import { probeKey, projectionKey } from './keys';
import { activationIdentity, activationSpec, labelColumn, resolveLayer, runRows } from './selectors';
import type { AppState } from './store';
import { encodedPrompts, viewTokenPoints } from './tokenData';

export type ExportKind = 'session' | 'coordinates' | 'probe' | 'activations' | 'script' | CausalExportKind;

export interface Download {
  filename: string;
  blob: Blob;
}

export const EXPORT_LABELS: Record<Exclude<ExportKind, CausalExportKind>, string> = {
  session: 'Session (.json)',
  coordinates: 'Coordinates (.csv)',
  probe: 'Probe results (.csv)',
  activations: 'Activations of this layer (.npy)',
  script: 'Python script: redo this in TransformerLens (.py)',
};

function baseName(s: AppState, what: string): string {
  const model = s.engine.model?.id ?? 'model';
  const layer = s.engine.model ? resolveLayer(s.view.layer, s.engine.model.nLayers) : 0;
  return `${model}-${s.dataset?.name.replace(/\.[^.]*$/, '') ?? 'prompts'}-${s.view.site}-L${layer}-${what}`;
}

function ready(s: AppState) {
  if (!s.engine.model || !s.dataset) throw new Error('load a model and a dataset first');
  return { model: s.engine.model, dataset: s.dataset };
}

function doneValue<T>(s: AppState, key: string, what: string): T {
  const entry = s.results[key];
  if (entry?.status !== 'done') throw new Error(`the ${what} is not computed yet; wait for it to finish, then export`);
  return entry.value as T;
}

function coordinates(s: AppState): Download {
  const { model, dataset } = ready(s);
  const layer = resolveLayer(s.view.layer, model.nLayers);
  const key = projectionKey(activationIdentity(model, s.engine.backend?.chosen, dataset, s.view), layer, s.view.method, s.view.pca, s.view.umap);
  const p = doneValue<LayerProjection>(s, key, 'projection');
  const rows = runRows(dataset, s.view.maxPrompts).rows;
  const axis = s.view.method === 'pca' ? 'pc' : 'umap';
  const csv = s.view.position === 'all' ? tokenCsv(s, rows, p, axis) : coordinatesToCsv(rows, { data: p.points, rows: rows.length, cols: 2 }, dataset.labelColumns, axis);
  return { filename: safeFileName(baseName(s, s.view.method), 'csv'), blob: new Blob([csv], { type: 'text/csv' }) };
}

/** One line per token: its prompt, token index and text, and each label column's value for that token. */
function tokenCsv(s: AppState, rows: readonly PromptRow[], p: LayerProjection, axis: string): string {
  const points = viewTokenPoints(s);
  const encoded = encodedPrompts(s);
  if (!points || !encoded) throw new Error('the prompts’ tokens are not computed yet; wait for them to finish, then export');
  const t = points.rows;
  const columns = s.dataset!.labelColumns.map((name) => ({ name, values: tokenRowLabels(rows, encoded, t, name, points.tokenLevel.includes(name)) }));
  return tokenCoordinatesToCsv(rows, t, (i) => encoded[t.prompt[i]].tokens[t.token[i]], columns, { data: p.points, rows: p.points.length / 2, cols: 2 }, axis);
}

const cells = (x: Score | null): Cell[] => (x === null ? ['', ''] : [x.mean, x.std]);

function probeTable(s: AppState): Download {
  const { model, dataset } = ready(s);
  const column = labelColumn(s.view, dataset);
  if (column === null) throw new Error('this dataset has no label column to probe');
  const r = doneValue<ProbeSummary>(s, probeKey(activationIdentity(model, s.engine.backend?.chosen, dataset, s.view), column, s.view.probe), 'probe');
  const header = ['layer', 'accuracy', 'accuracy_std', 'majority', 'shuffled', 'shuffled_std', 'control', 'control_std', 'selectivity', 'label', 'classes', 'prompts', 'folds'];
  const body = r.layers.map((l) => [l.layer, ...cells(l.accuracy), l.majority.mean, ...cells(l.shuffled), ...cells(l.control), l.selectivity ?? '', column, r.classes.join('|'), r.rows, r.folds]);
  return { filename: safeFileName(baseName(s, `probe-${column}`), 'csv'), blob: new Blob([toCsv(header, body)], { type: 'text/csv' }) };
}

async function activations(s: AppState, client: EngineClient): Promise<Download> {
  const { model, dataset } = ready(s);
  const layer = resolveLayer(s.view.layer, model.nLayers);
  const { layers } = await client.run({ kind: 'activations', data: activationSpec(dataset, s.view, [layer], model) }).promise;
  const npy = activationsToNpy({ data: layers[0].data, rows: layers[0].rows, cols: layers[0].cols });
  return { filename: safeFileName(baseName(s, 'activations'), 'npy'), blob: new Blob([npy as BlobPart], { type: 'application/octet-stream' }) };
}

/** Builds one download from the current state (activations are read from the engine's cache). */
export async function buildExport(kind: ExportKind, s: AppState, client: EngineClient): Promise<Download> {
  if (isCausalExport(kind)) return buildCausalExport(kind, s);
  if (kind === 'coordinates') return coordinates(s);
  if (kind === 'probe') return probeTable(s);
  if (kind === 'activations') return activations(s, client);
  if (kind === 'script') return buildPythonScript(s);
  // The session names the model it was made with, so it reopens there even if the default changes.
  const view = { ...s.view, model: s.engine.model?.id ?? s.view.model };
  const text = serializeSession(view, s.dataset ? { name: s.dataset.name, text: s.dataset.text } : undefined);
  return { filename: safeFileName(`repscope-session-${s.engine.model?.id ?? 'view'}`, 'json'), blob: new Blob([text], { type: 'application/json' }) };
}

/** Saves a blob under `filename` through a temporary link. */
export function saveDownload(d: Download): void {
  const url = URL.createObjectURL(d.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = d.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
