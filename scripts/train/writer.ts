// Writes a trained organism to public/models/<id>/ (config.json, model.safetensors, tokenizer.json, card.json)
// and the built-in prompt sets to public/datasets/ with their index.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { countParameters } from '../../src/model/config';
import { writeSafetensors } from '../../src/model/safetensors';
import type { DatasetSpec, Organism } from '../organisms/types';
import type { TrainResult } from './loop';

/** Every built-in model's weights must stay under this (the budget for page loads). */
export const MAX_WEIGHT_BYTES = 5 * 1024 * 1024;
const MAX_CURVE_POINTS = 100;

/** The safetensors bytes; metadata holds only what is fixed by the options, so a rerun is byte-identical. */
export function weightBytes(organism: Organism, result: TrainResult): Uint8Array {
  const bytes = writeSafetensors(result.tensors, {
    format: 'pt', organism: organism.id, generator: organism.generatorVersion,
    seed: String(result.training.seed), steps: String(result.training.steps),
  });
  if (bytes.length > MAX_WEIGHT_BYTES) {
    throw new Error(`${organism.id}: weights are ${bytes.length} bytes, over the ${MAX_WEIGHT_BYTES}-byte budget; shrink the config or store F16`);
  }
  return bytes;
}

function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const stride = Math.ceil(points.length / max);
  return points.filter((_, i) => i % stride === 0 || i === points.length - 1);
}

export function buildCard(organism: Organism, result: TrainResult, weightsSize: number): Record<string, unknown> {
  const round = (x: number) => Number(x.toPrecision(5));
  return {
    id: organism.id,
    title: organism.title,
    description: organism.description,
    architecture: { ...result.config, parameterCount: countParameters(result.config), weightsBytes: weightsSize, dtype: 'F32' },
    generatorVersion: organism.generatorVersion,
    reproduce: `npm run train -- ${organism.id} --steps ${result.training.steps} --seed ${result.training.seed}`,
    training: {
      ...result.training, wallSeconds: round(result.wallSeconds), tokens: result.tokens, backend: result.backend,
      machine: `Node ${process.version}, ${cpus().length} CPU cores (${cpus()[0]?.model ?? 'unknown'})`,
      curve: thin(result.curve, MAX_CURVE_POINTS).map((p) => ({ step: p.step, loss: round(p.loss), lr: round(p.lr), gradNorm: round(p.gradNorm) })),
      evals: result.evals.map((e) => ({ step: e.step, metrics: roundAll(e.metrics) })),
    },
    finalMetrics: result.final ? roundAll(result.final.metrics) : null,
    targets: result.final ? result.final.targets : organism.targets,
    datasets: organism.datasets().map((d) => ({ id: d.id, file: `datasets/${d.file}`, readPosition: d.readPosition, labelFields: d.labelFields })),
    ...organism.card(),
  };
}

function roundAll(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v.toFixed(4))]));
}

const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';

/** Writes the four model files; returns the model directory. */
export async function writeModel(root: string, organism: Organism, result: TrainResult): Promise<string> {
  const dir = join(root, 'public', 'models', organism.id);
  await mkdir(dir, { recursive: true });
  const bytes = weightBytes(organism, result);
  await writeFile(join(dir, 'config.json'), json(result.config));
  await writeFile(join(dir, 'model.safetensors'), bytes);
  await writeFile(join(dir, 'tokenizer.json'), json(organism.tokenizer));
  await writeFile(join(dir, 'card.json'), json(buildCard(organism, result, bytes.length)));
  return dir;
}

/** A CSV field, quoted when it holds a comma, quote or line break (quotes doubled). */
function csvField(v: string | number | boolean): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function serialiseDataset(d: DatasetSpec): string {
  if (d.file.endsWith('.jsonl')) return d.rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  if (!d.file.endsWith('.csv')) throw new Error(`dataset ${d.id}: file "${d.file}" must end in .jsonl or .csv`);
  const columns = [...new Set(d.rows.flatMap((r) => Object.keys(r)))];
  const lines = d.rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(','));
  return [columns.join(','), ...lines].join('\n') + '\n';
}

/** Writes every organism's datasets and an index.json listing all of them. */
export async function writeDatasets(root: string, organisms: readonly Organism[]): Promise<string[]> {
  const dir = join(root, 'public', 'datasets');
  await mkdir(dir, { recursive: true });
  const index = [];
  for (const o of organisms) {
    for (const d of o.datasets()) {
      await writeFile(join(dir, d.file), serialiseDataset(d));
      const { rows, ...entry } = d;
      index.push({ ...entry, rows: rows.length });
    }
  }
  await writeFile(join(dir, 'index.json'), json(index));
  return index.map((d) => d.file);
}
