// The Causal tab's side controls: the direction (method, classes, site, band of layers, read position, or
// an uploaded .npy / JSON vector) and the steering settings (positions, α, mode, sweep, tokens, targets).
import { useState, type DragEvent } from 'react';
import type { DirectionMethod, DirectionParams, SteerMode, SteerParams } from '../../../data/urlState';
import { CommitText, Field, NumberInput, SelectInput } from './fields';
import './controls.css';

const METHODS: readonly { value: DirectionMethod; label: string }[] = [
  { value: 'meandiff', label: 'mean difference' },
  { value: 'pcadiff', label: 'PCA of pair differences' },
  { value: 'probe', label: 'probe weights' },
  { value: 'uploaded', label: 'uploaded vector' },
];

const READS = [{ value: 'last', label: 'last token' }, { value: 'mean', label: 'mean over tokens' }, ...[0, 1, 2, 3, -2].map((i) => ({ value: String(i), label: i >= 0 ? `token ${i}` : `token ${i} (from the end)` }))];

const asPosition = (v: string): 'last' | 'mean' | number => (v === 'last' || v === 'mean' ? v : Number(v));

export interface DirectionControlsProps {
  direction: DirectionParams;
  nLayers: number;
  /** The residual sites the model has. */
  sites: readonly string[];
  labelColumns: readonly string[];
  /** The label column used and its classes. */
  column: string | null;
  classes: readonly string[];
  positive: string | null;
  /** The vector uploaded in this session, if any. */
  uploaded: { name: string; shape: readonly number[] } | null;
  uploadError: string | null;
  /** Why the direction cannot be used yet, else null. */
  missing: string | null;
  onChange: (patch: Partial<DirectionParams>) => void;
  onUpload: (file: File) => void;
}

function LayerBand({ layers, nLayers, onChange }: { layers: [number, number]; nLayers: number; onChange: (band: [number, number]) => void }) {
  const options = Array.from({ length: nLayers }, (_, l) => <option key={l} value={l}>{l}</option>);
  return (
    <fieldset className="causal-band" data-testid="steer-layers" data-from={layers[0]} data-to={layers[1]}>
      <legend>Layers (one, or a band)</legend>
      <label>from <select aria-label="First layer" value={layers[0]} onChange={(e) => { const f = Number(e.target.value); onChange([f, Math.max(f, layers[1])]); }}>{options}</select></label>
      <label>to <select aria-label="Last layer" value={layers[1]} onChange={(e) => { const t = Number(e.target.value); onChange([Math.min(layers[0], t), t]); }}>{options}</select></label>
    </fieldset>
  );
}

function Upload({ uploaded, error, onUpload }: Pick<DirectionControlsProps, 'uploaded' | 'onUpload'> & { error: string | null }) {
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation(); // the page's drop handler would read it as a prompt file
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onUpload(file);
  };
  return (
    <div className={over ? 'causal-drop over' : 'causal-drop'} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={drop}>
      <label className="field">
        <span>Upload a direction (.npy or JSON; [d_model] or [n_layers, d_model])</span>
        <input type="file" accept=".npy,.json,application/json" data-testid="direction-upload"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) onUpload(f); e.target.value = ''; }} />
      </label>
      {uploaded && <p className="muted" data-testid="direction-uploaded">Using {uploaded.name} [{uploaded.shape.join(', ')}]</p>}
      {error && <p className="error" role="alert" data-testid="direction-upload-error">{error}</p>}
    </div>
  );
}

export function DirectionControls(p: DirectionControlsProps) {
  const d = p.direction;
  const fitted = d.method !== 'uploaded';
  return (
    <section className="panel causal-controls" aria-label="Direction">
      <h2>Direction</h2>
      <SelectInput label="Method" value={d.method} options={METHODS} onChange={(method) => p.onChange({ method })} testId="steer-method" />
      {fitted && p.labelColumns.length > 0 && (
        <div className="grid2">
          <SelectInput label="Classes from" value={p.column ?? ''} options={p.labelColumns.map((c) => ({ value: c, label: c }))} onChange={(column) => p.onChange({ column, positive: null })} testId="direction-column" />
          <SelectInput label="Towards" value={p.positive ?? ''} options={p.classes.map((c) => ({ value: c, label: c }))} onChange={(positive) => p.onChange({ positive })} testId="direction-positive"
            hint="The direction points from the other classes to this one" />
        </div>
      )}
      <div className="grid2">
        <SelectInput label="Site" value={d.site} options={p.sites.map((s) => ({ value: s, label: s }))} onChange={(site) => p.onChange({ site })} testId="direction-site" />
        {fitted && <SelectInput label="Fitted at" value={String(d.read)} options={READS.some((r) => r.value === String(d.read)) ? READS : [...READS, { value: String(d.read), label: `token ${d.read}` }]}
          onChange={(v) => p.onChange({ read: asPosition(v) })} testId="direction-read" />}
      </div>
      <LayerBand layers={d.layers} nLayers={p.nLayers} onChange={(layers) => p.onChange({ layers })} />
      <Upload uploaded={p.uploaded} error={p.uploadError} onUpload={p.onUpload} />
      {p.missing && <p className="muted" role="status" data-testid="direction-missing">{p.missing}</p>}
    </section>
  );
}

/** "0, 0.5, 1" → sorted distinct numbers, or why not. */
export function parseSweep(text: string, maxAlpha: number, maxCount: number): number[] | string {
  const parts = text.split(/[\s,;]+/).filter((s) => s !== '');
  const values = parts.map(Number);
  const bad = parts.find((_s, i) => !Number.isFinite(values[i]) || Math.abs(values[i]) > maxAlpha);
  if (bad !== undefined) return `${JSON.stringify(bad)} is not a number from −${maxAlpha} to ${maxAlpha}`;
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length > maxCount) return `at most ${maxCount} values`;
  return distinct;
}

export interface SteerControlsProps {
  steer: SteerParams;
  /** Columns of the dataset (for the target column) and the one in use. */
  columns: readonly string[];
  targetColumn: string | null;
  maxAlpha: number;
  maxSweep: number;
  maxNew: number;
  onChange: (patch: Partial<SteerParams>) => void;
}

export function SteerControls({ steer, columns, targetColumn, maxAlpha, maxSweep, maxNew, onChange }: SteerControlsProps) {
  const positions = typeof steer.positions === 'string' ? steer.positions : 'index';
  return (
    <section className="panel causal-controls" aria-label="Steering">
      <h2>Steering</h2>
      <div className="grid2">
        <NumberInput label="Strength α" value={steer.alpha} min={-maxAlpha} max={maxAlpha} step={0.05} onChange={(alpha) => onChange({ alpha })} testId="steer-alpha"
          hint="Multiples of the direction's own length added to the residual stream" />
        <SelectInput<SteerMode> label="Mode" value={steer.mode} options={[{ value: 'oneshot', label: 'one-shot' }, { value: 'continual', label: 'continual' }]}
          onChange={(mode) => onChange({ mode })} testId="steer-mode" hint="One-shot steers the prompt only; continual also every generated token" />
      </div>
      <div className="grid2">
        <SelectInput label="Positions" value={positions} options={[{ value: 'all', label: 'every token' }, { value: 'last', label: 'last token' }, { value: 'index', label: 'token index' }, { value: 'generated', label: 'generated tokens only' }]}
          onChange={(v) => onChange({ positions: v === 'index' ? 1 : v })} testId="steer-positions" />
        {typeof steer.positions === 'number' && <NumberInput label="Token index" value={steer.positions} min={-64} max={1024} step={1} integer onChange={(i) => onChange({ positions: i })} testId="steer-position-index" />}
      </div>
      <CommitText label="α sweep" value={steer.sweep.join(', ')} maxLength={400} testId="steer-sweep-values" hint="α values of the sweep chart, e.g. 0, 0.5, 1, 2"
        check={(t) => { const r = parseSweep(t, maxAlpha, maxSweep); return typeof r === 'string' ? r : null; }}
        onCommit={(t) => { const r = parseSweep(t, maxAlpha, maxSweep); if (typeof r !== 'string') onChange({ sweep: r }); }} />
      <div className="grid3">
        <NumberInput label="New tokens" value={steer.maxNew} min={1} max={maxNew} step={1} integer onChange={(n) => onChange({ maxNew: n })} testId="steer-max-new" />
        <NumberInput label="Prompts" value={steer.prompts} min={1} max={2000} step={8} integer onChange={(n) => onChange({ prompts: n })} testId="steer-prompts" />
        <NumberInput label="Seed" value={steer.seed} min={0} max={0xffffffff} step={1} integer onChange={(n) => onChange({ seed: n })} testId="steer-seed" />
      </div>
      <Field label="Wanted answer from column">
        <select value={targetColumn ?? ''} data-testid="steer-target" onChange={(e) => onChange({ target: e.target.value === '' ? null : e.target.value })}>
          <option value="">{targetColumn === null ? '(none)' : '(default)'}</option>
          {columns.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </Field>
    </section>
  );
}
