// Canonical keys of the causal results: everything each depends on (model, backend, the prompts' dataset
// key, the direction's identity, the job's settings), so equal inputs share one entry and any change of
// input makes a new one. Prompt texts stand for themselves; an uploaded vector stands as its hash.
import type { Position } from '../data/types';
import type { PatchMetricKind, PatchSite, SteerMode, SteerPositionChoice } from '../data/urlState';
import { canonical } from './keys';

/** The engine and prompts a dataset-wide result was computed with. */
export interface CausalIdentity {
  model: string;
  backend: string;
  /** datasetKey of the rows that run. */
  dataset: string;
}

/** What a direction is: a fit (method, classes, site, read position, layers) or an uploaded vector. */
export type DirectionIdentity =
  | { kind: 'fit'; method: 'meandiff' | 'pcadiff' | 'probe'; column: string | null; positive: string; site: string; read: Position; layers: number[] }
  | { kind: 'vector'; hash: string };

export interface SteerKeyParams {
  /** Rows steered, as indices into the rows that run, and the column of their targets. */
  rows: number[];
  targetColumn: string | null;
  layers: number[];
  site: string;
  positions: SteerPositionChoice;
  alpha: number;
  mode: SteerMode;
  sweep: number[];
  maxNew: number;
  seed: number;
}

export function steerKey(id: CausalIdentity, direction: DirectionIdentity, p: SteerKeyParams): string {
  return canonical({ kind: 'steer', ...id, direction, options: p });
}

export interface AblateKeyParams {
  targetColumn: string | null;
  layers: number[];
  site: string;
  labelColumn: string | null;
  probeSite: string;
  position: Position;
  folds: number;
  seed: number;
}

export function ablateKey(id: CausalIdentity, direction: DirectionIdentity, p: AblateKeyParams): string {
  return canonical({ kind: 'ablate', ...id, direction, options: p });
}

/** A patching metric as keyed: its kind, the target tokens it reads, or the direction it projects on. */
export type PatchMetricIdentity =
  | { kind: Exclude<PatchMetricKind, 'projection'>; targets: string[] }
  | { kind: 'projection'; direction: DirectionIdentity; dataset: string; layer: number; site: string };

export function patchKey(model: string, backend: string, clean: string, corrupt: string, metric: PatchMetricIdentity, sites: readonly PatchSite[]): string {
  return canonical({ kind: 'patch', model, backend, clean, corrupt, metric, sites });
}

export function lensKey(model: string, backend: string, text: string, topK: number, target: string | null): string {
  return canonical({ kind: 'lens', model, backend, text, topK, target });
}

export function attentionKey(model: string, backend: string, text: string): string {
  return canonical({ kind: 'attention', model, backend, text });
}

export interface LayerEffectsKeyParams {
  labelColumn: string;
  positive: string;
  targetColumn: string;
  site: string;
  position: Position;
  method: 'meandiff' | 'pcadiff' | 'probe';
  alphas: number[];
  maxNew: number;
  folds: number;
  seed: number;
}

export function layerEffectsKey(id: CausalIdentity, p: LayerEffectsKeyParams): string {
  return canonical({ kind: 'layerEffects', ...id, options: p });
}
