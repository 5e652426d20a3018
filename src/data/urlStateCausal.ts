// The Causal tab's part of the view: which sub-panel shows, the direction (method, classes, site, band
// of layers, read position, or the file an uploaded vector came from), steering, patching, lens and
// attention settings. Validators are strict; a link writes only the settings that differ from defaults.
import type { Position } from './types';
import { MAX_PROMPT_ROWS } from './promptFileTypes';
import { bad, describe, integer, isRecord, nullable, number, ok, oneOf, own, params, position, text, type Decoded, type Validator } from './urlStateValidate';

export type AppTab = 'explore' | 'causal' | 'engine';
export type CausalPanelName = 'steer' | 'ablate' | 'patch' | 'lens' | 'attention';
export type DirectionMethod = 'meandiff' | 'pcadiff' | 'probe' | 'uploaded';
export type SteerMode = 'oneshot' | 'continual';
/** Positions steered: every prompt token, the last, one index (negative: from the end), or only the generated tokens. */
export type SteerPositionChoice = 'all' | 'last' | 'generated' | number;
export type PatchMetricKind = 'logitdiff' | 'prob' | 'projection';
export type PatchSite = 'resid_pre' | 'attn_out' | 'mlp_out' | 'heads';

export const APP_TABS: readonly AppTab[] = ['explore', 'causal', 'engine'];
export const CAUSAL_PANELS: readonly CausalPanelName[] = ['steer', 'ablate', 'patch', 'lens', 'attention'];
export const DIRECTION_METHODS: readonly DirectionMethod[] = ['meandiff', 'pcadiff', 'probe', 'uploaded'];
export const PATCH_SITES: readonly PatchSite[] = ['resid_pre', 'attn_out', 'mlp_out', 'heads'];
export const PATCH_METRICS: readonly PatchMetricKind[] = ['logitdiff', 'prob', 'projection'];

/** Longest prompt text (clean, corrupt, lens, attention) a link carries. */
export const MAX_CAUSAL_TEXT = 1000;
/** Longest target-token text. */
export const MAX_TOKEN_TEXT = 64;
/** Most α values in a sweep. */
export const MAX_SWEEP = 16;
/** Largest |α|. */
export const MAX_ALPHA = 100;
/** Most tokens generated per prompt. */
export const MAX_NEW_TOKENS = 32;
const MAX_NAME = 256;

/** Which file an uploaded direction came from; the vector itself is never put in a link. */
export interface UploadRef {
  name: string;
  /** SHA-256 (hex) of the file's bytes. */
  hash: string;
  /** [d_model] or [n_layers, d_model]. */
  shape: number[];
}

export interface DirectionParams {
  method: DirectionMethod;
  /** Label column whose classes the direction separates; null: the explorer's label column. */
  column: string | null;
  /** Class the direction points towards; null: the column's positive-sounding class, else its first. */
  positive: string | null;
  /** Residual site fitted, steered and ablated at (without its layer). */
  site: string;
  /** Band of blocks [from, to]; one block when equal. */
  layers: [number, number];
  /** Where each prompt is read to fit the direction. */
  read: Position;
  upload: UploadRef | null;
}

export interface SteerParams {
  positions: SteerPositionChoice;
  alpha: number;
  mode: SteerMode;
  /** α values of the sweep chart (both modes at each); [] skips it. */
  sweep: number[];
  maxNew: number;
  /** Column holding each prompt's wanted answer; null: `answer` when the dataset has it. */
  target: string | null;
  seed: number;
  /** The most prompts steered. */
  prompts: number;
}

export interface PatchParams {
  /** Contrast pair whose positive prompt is clean and negative prompt corrupt; null: the first pair. */
  pair: string | null;
  /** Typed prompts; '' takes the pair's prompt. */
  clean: string;
  corrupt: string;
  metric: PatchMetricKind;
  /** Target tokens: '' is the clean run's top-1 (first) and the corrupt run's top-1 (second). */
  targets: [string, string];
  sites: PatchSite[];
}

export interface LensParams {
  /** Dataset row read when `text` is ''. */
  row: number;
  text: string;
  topK: number;
  /** Token whose rank is shown; '' takes the row's `answer` when the dataset has one. */
  target: string;
}

export interface AttentionParams {
  row: number;
  text: string;
  layer: number;
  head: number;
}

export interface CausalView {
  panel: CausalPanelName;
  direction: DirectionParams;
  steer: SteerParams;
  patch: PatchParams;
  lens: LensParams;
  attention: AttentionParams;
}

export const CAUSAL_DEFAULTS: CausalView = {
  panel: 'steer',
  direction: { method: 'meandiff', column: null, positive: null, site: 'hook_resid_pre', layers: [0, 0], read: 1, upload: null },
  steer: { positions: 1, alpha: 0.5, mode: 'oneshot', sweep: [0, 0.25, 0.5, 1, 2], maxNew: 4, target: null, seed: 0, prompts: 64 },
  patch: { pair: null, clean: '', corrupt: '', metric: 'logitdiff', targets: ['', ''], sites: [...PATCH_SITES] },
  lens: { row: 0, text: '', topK: 5, target: '' },
  attention: { row: 0, text: '', layer: 0, head: 0 },
};

const UINT32 = integer(0, 0xffffffff);
const BLOCK = integer(0, 1023);
const ROW = integer(0, MAX_PROMPT_ROWS - 1);
const name = text(MAX_NAME);
const promptText = text(MAX_CAUSAL_TEXT);
const tokenText = text(MAX_TOKEN_TEXT);
const alpha = number(-MAX_ALPHA, MAX_ALPHA);

/** A list of at most `max` items, each validated. */
function list<T>(item: Validator<T>, max: number): Validator<T[]> {
  return (raw) => {
    if (!Array.isArray(raw)) return bad(`expected a list, found ${describe(raw)}`);
    if (raw.length > max) return bad(`expected at most ${max} items, found ${raw.length}`);
    const out: T[] = [];
    for (const [i, v] of raw.entries()) {
      const r = item(v);
      if (!r.ok) return bad(`item ${i}: ${r.why}`);
      out.push(r.value);
    }
    return ok(out);
  };
}

function band(raw: unknown): Decoded<[number, number]> {
  const r = list(BLOCK, 2)(raw);
  if (!r.ok) return r;
  if (r.value.length !== 2 || r.value[0] > r.value[1]) return bad('expected [from, to] blocks with from ≤ to');
  return ok([r.value[0], r.value[1]]);
}

function pairOfTokens(raw: unknown): Decoded<[string, string]> {
  const r = list(tokenText, 2)(raw);
  if (!r.ok) return r;
  return r.value.length === 2 ? ok([r.value[0], r.value[1]]) : bad('expected two target tokens');
}

function patchSites(raw: unknown): Decoded<PatchSite[]> {
  const r = list(oneOf(PATCH_SITES), PATCH_SITES.length)(raw);
  if (!r.ok) return r;
  if (r.value.length === 0 || new Set(r.value).size !== r.value.length) return bad('expected one or more distinct sites');
  return r;
}

function readPosition(raw: unknown): Decoded<Position> {
  const r = position(raw);
  return r.ok && r.value === 'all' ? bad('a direction is fitted on one vector per prompt, so position all cannot be read') : r;
}

function steerPositions(raw: unknown): Decoded<SteerPositionChoice> {
  if (raw === 'generated') return ok('generated');
  const r = position(raw);
  return r.ok && r.value === 'mean' ? bad('expected all, last or a token index, found "mean"') : (r as Decoded<SteerPositionChoice>);
}

function uploadRef(raw: unknown): Decoded<UploadRef> {
  if (!isRecord(raw)) return bad(`expected an uploaded file's name, hash and shape, found ${describe(raw)}`);
  const n = name(own(raw, 'name'));
  const hash = text(64, /^[0-9a-f]{64}$/)(own(raw, 'hash'));
  const shape = list(integer(1, 1 << 20), 2)(own(raw, 'shape'));
  if (Object.keys(raw).some((k) => !['name', 'hash', 'shape'].includes(k))) return bad('unknown setting in the uploaded file');
  if (!n.ok) return bad(`upload name: ${n.why}`);
  if (!hash.ok) return bad('upload hash: expected 64 hex digits');
  if (!shape.ok || shape.value.length === 0) return bad('upload shape: expected [d_model] or [n_layers, d_model]');
  return ok({ name: n.value, hash: hash.value, shape: shape.value });
}

const SECTIONS = {
  direction: params(CAUSAL_DEFAULTS.direction, {
    method: oneOf(DIRECTION_METHODS), column: nullable(name), positive: nullable(name), site: text(64, /^[A-Za-z][A-Za-z0-9_.]{0,63}$/),
    layers: band, read: readPosition, upload: nullable(uploadRef),
  }),
  steer: params(CAUSAL_DEFAULTS.steer, {
    positions: steerPositions, alpha, mode: oneOf(['oneshot', 'continual'] as const), sweep: list(alpha, MAX_SWEEP),
    maxNew: integer(1, MAX_NEW_TOKENS), target: nullable(name), seed: UINT32, prompts: integer(1, 2000),
  }),
  patch: params(CAUSAL_DEFAULTS.patch, {
    pair: nullable(name), clean: promptText, corrupt: promptText, metric: oneOf(PATCH_METRICS), targets: pairOfTokens, sites: patchSites,
  }),
  lens: params(CAUSAL_DEFAULTS.lens, { row: ROW, text: promptText, topK: integer(1, 50), target: tokenText }),
  attention: params(CAUSAL_DEFAULTS.attention, { row: ROW, text: promptText, layer: BLOCK, head: BLOCK }),
};

const causalObject = params(CAUSAL_DEFAULTS, { panel: oneOf(CAUSAL_PANELS), ...SECTIONS });

/** Validates a causal view; the result is a deep copy, so it never shares arrays with the defaults. */
export const decodeCausal: Validator<CausalView> = (raw) => {
  const r = causalObject(raw);
  return r.ok ? ok(structuredClone(r.value)) : r;
};

/** The settings of one object that differ from its defaults, as fresh JSON, in the defaults' key order. */
function changed(value: object, defaults: object): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(defaults)) {
    const v = (value as Record<string, unknown>)[key];
    if (JSON.stringify(v) !== JSON.stringify((defaults as Record<string, unknown>)[key])) out[key] = structuredClone(v);
  }
  return out;
}

/** The causal view as JSON: only the sections and settings that differ from their defaults. */
export function encodeCausal(view: CausalView): unknown {
  const out: { [key: string]: unknown } = view.panel === CAUSAL_DEFAULTS.panel ? {} : { panel: view.panel };
  for (const key of Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]) {
    const section = changed(view[key], CAUSAL_DEFAULTS[key]);
    if (Object.keys(section).length > 0) out[key] = section;
  }
  return out;
}
