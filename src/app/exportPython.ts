// "Export as script": the current analysis (dataset, read position, probes on the same folds, the
// direction's classes, and the Causal tab's steering and patching settings) as a TransformerLens script.
import { encodeLabels } from '../analysis/probeLabels';
import { stratifiedFolds } from '../analysis/folds';
import { safeFileName } from '../data/export';
import { exportScript, type PatchingExport, type SteeringExport } from '../data/exportScript';
import type { Prediction } from '../workers/protocol';
import { predictionKey } from './keys';
import { allLayers, labelColumn, labelsOf, resolveLayer, runRows } from './selectors';
import { causalContext, patchPrompts, steerRows, type CausalContext } from './selectorsCausal';
import type { AppState } from './store';
import { encodedPrompts } from './tokenData';

/** The top-1 answer the app computed for a text (the patching metric's default target), or null. */
function topAnswer(s: AppState, ctx: CausalContext, text: string): string | null {
  const entry = s.results[predictionKey(ctx.model.id, ctx.backend, text)];
  return entry?.status === 'done' ? ((entry.value as Prediction).top[0]?.text ?? null) : null;
}

function steering(ctx: CausalContext): SteeringExport {
  const st = ctx.causal.steer;
  return {
    layers: ctx.layers, site: ctx.site, positions: st.positions, alpha: st.alpha, mode: st.mode, maxNewTokens: st.maxNew,
    prompts: steerRows(ctx).map((i) => ctx.rows[i].text),
  };
}

/** Patching of the chosen pair at every layer (last position), once both answers are known. */
function patching(s: AppState, ctx: CausalContext, nLayers: number): PatchingExport | null {
  const { clean, corrupt } = patchPrompts(ctx);
  const [typedCorrect, typedWrong] = ctx.causal.patch.targets;
  const correct = typedCorrect || topAnswer(s, ctx, clean);
  const wrong = typedWrong || topAnswer(s, ctx, corrupt);
  if (!clean || !corrupt || !correct || !wrong || correct === wrong) return null;
  return { layers: allLayers(nLayers), site: 'hook_resid_pre', position: 'last', pairs: [{ clean, corrupt, correct, wrong }] };
}

/** The script for the current view; throws with what to do when the view cannot make one. */
export function buildPythonScript(s: AppState): { filename: string; blob: Blob } {
  const model = s.engine.model;
  const dataset = s.dataset;
  if (!model || !dataset) throw new Error('load a model and a dataset first');
  if (s.view.position === 'all') throw new Error('the script reads one vector per prompt; choose the last token, the mean or a token index, then export');
  const column = labelColumn(s.view, dataset);
  if (column === null) throw new Error('this dataset has no label column to probe; the script needs one');
  const rows = runRows(dataset, s.view.maxPrompts).rows;
  // The probe's rows and folds: labelled prompts in order, stratified folds from the same seed.
  const keep = labelsOf(rows, column).flatMap((l, i) => (l === null ? [] : [i]));
  const labels = keep.map((i) => rows[i].labels.get(column)!);
  const foldIds = stratifiedFolds(encodeLabels(labels).index, { k: s.view.probe.folds, seed: s.view.probe.seed }).foldIds;
  const encoded = encodedPrompts(s);
  const ids = new Map(encoded ? rows.map((r, i) => [r.text, encoded[i]?.ids] as const).filter((e) => e[1] !== undefined) : []);
  const ctx = causalContext(s);
  const classes = [...new Set(labels)];
  const positive = ctx?.positive ?? null;
  const negative = classes.length === 2 && positive !== null ? classes.find((c) => c !== positive)! : null;
  const direction = positive !== null && negative !== null ? { positive, negative } : null;
  const steer = ctx && direction ? steering(ctx) : null;
  const patch = ctx ? patching(s, ctx, model.nLayers) : null;
  const texts = [...keep.map((i) => rows[i].text), ...(steer?.prompts ?? []), ...(patch?.pairs.flatMap((p) => [p.clean, p.corrupt]) ?? [])];
  // Repscope's own token ids travel with the script when every text has them (the organisms' tokenizers are not GPT-2's).
  const tokenize = texts.every((t) => ids.has(t)) ? (t: string) => ids.get(t)! : undefined;
  const script = exportScript({
    view: { ...s.view, model: model.id }, nLayers: model.nLayers, modelName: model.format === 'huggingface' ? 'gpt2' : model.id,
    prompts: keep.map((i) => rows[i].text), labels, labelColumn: column, foldIds, layers: allLayers(model.nLayers),
    tokenize, direction, steering: steer, patching: patch,
  });
  const layer = resolveLayer(s.view.layer, model.nLayers);
  return { filename: safeFileName(`repscope-${model.id}-${dataset.name.replace(/\.[^.]*$/, '')}-L${layer}`, 'py'), blob: new Blob([script], { type: 'text/x-python' }) };
}
