// What to look at: hook site, layer (a slider that arrow keys step), read position (at every token, what
// colours the tokens), projection method with its settings and seed, and the probe's settings.
import type { ReactNode } from 'react';
import type { Position } from '../../data/types';
import type { Method, PcaParams, ProbeParams, UmapParams } from '../../data/urlState';

export interface ControlsProps {
  sites: readonly string[];
  site: string;
  nLayers: number;
  layer: number;
  position: Position;
  /** The position the dataset's author suggests, if any. */
  suggested?: Position;
  method: Method;
  umap: UmapParams;
  pca: PcaParams;
  probe: ProbeParams;
  /** At position 'all': what can colour the tokens (label columns, then built-in colourings) and the choice. */
  tokenColours?: { options: readonly { id: string; name: string }[]; chosen: string | null };
  onChange: (patch: { site?: string; layer?: number; position?: Position; method?: Method; umap?: UmapParams; pca?: PcaParams; probe?: ProbeParams; colourBy?: string }) => void;
}

const POSITIONS: readonly Position[] = ['last', 'mean', 'all', 0, 1, 2, -2];

export function positionText(p: Position): string {
  if (p === 'last') return 'last token';
  if (p === 'mean') return 'mean over tokens';
  if (p === 'all') return 'every token';
  return p >= 0 ? `token ${p}` : `token ${p} (from the end)`;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

function NumberField({ label, value, min, max, step, onChange, testId }: { label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void; testId?: string }) {
  return (
    <Field label={label}>
      <input type="number" value={value} min={min} max={max} step={step} data-testid={testId}
        onChange={(e) => { const v = Number(e.target.value); if (e.target.value !== '' && v >= min && v <= max) onChange(v); }} />
    </Field>
  );
}

function UmapSettings({ umap, onChange }: { umap: UmapParams; onChange: (u: UmapParams) => void }) {
  return (
    <div className="grid2">
      <NumberField label="Neighbours" value={umap.nNeighbors} min={2} max={200} step={1} onChange={(v) => onChange({ ...umap, nNeighbors: Math.round(v) })} testId="umap-neighbors" />
      <NumberField label="Min distance" value={umap.minDist} min={0} max={1} step={0.05} onChange={(v) => onChange({ ...umap, minDist: v })} />
      <NumberField label="Epochs" value={umap.nEpochs} min={1} max={5000} step={50} onChange={(v) => onChange({ ...umap, nEpochs: Math.round(v) })} />
      <NumberField label="Seed" value={umap.seed} min={0} max={0xffffffff} step={1} onChange={(v) => onChange({ ...umap, seed: Math.round(v) })} testId="umap-seed" />
    </div>
  );
}

function ProbeSettings({ probe, onChange }: { probe: ProbeParams; onChange: (p: ProbeParams) => void }) {
  return (
    <div className="grid3">
      <NumberField label="Folds" value={probe.folds} min={2} max={20} step={1} onChange={(v) => onChange({ ...probe, folds: Math.round(v) })} testId="probe-folds" />
      <NumberField label="C (1/L2)" value={probe.C} min={1e-6} max={1e6} step={0.5} onChange={(v) => onChange({ ...probe, C: v })} testId="probe-c" />
      <NumberField label="Seed" value={probe.seed} min={0} max={0xffffffff} step={1} onChange={(v) => onChange({ ...probe, seed: Math.round(v) })} testId="probe-seed" />
    </div>
  );
}

export function Controls(p: ControlsProps) {
  const positions = POSITIONS.includes(p.position) ? POSITIONS : [...POSITIONS, p.position];
  return (
    <section className="panel controls" aria-label="View">
      <h2>View</h2>
      <Field label="Hook site">
        <select data-testid="site-select" value={p.site} onChange={(e) => p.onChange({ site: e.target.value })}>
          {p.sites.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </Field>
      <label className="field">
        <span>Layer <strong data-testid="layer-value">{p.layer}</strong> <span className="muted">of 0–{p.nLayers - 1}</span></span>
        <input type="range" data-testid="layer-slider" min={0} max={Math.max(0, p.nLayers - 1)} step={1} value={p.layer}
          aria-valuetext={`layer ${p.layer} of ${p.nLayers - 1}`} onChange={(e) => p.onChange({ layer: Number(e.target.value) })} />
      </label>
      <Field label="Read position">
        <select data-testid="position-select" value={String(p.position)} onChange={(e) => p.onChange({ position: /^-?\d+$/.test(e.target.value) ? Number(e.target.value) : (e.target.value as Position) })}>
          {positions.map((pos) => <option key={String(pos)} value={String(pos)}>{positionText(pos)}{pos === p.suggested ? ' (suggested)' : ''}</option>)}
        </select>
      </Field>
      {p.position === 'all' && p.tokenColours && p.tokenColours.options.length > 0 && (
        <Field label="Colour tokens by">
          <select data-testid="token-colour-by" value={p.tokenColours.chosen ?? p.tokenColours.options[0].id} onChange={(e) => p.onChange({ colourBy: e.target.value })}>
            {p.tokenColours.options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </Field>
      )}
      <Field label="Projection">
        <select data-testid="method-select" value={p.method} onChange={(e) => p.onChange({ method: e.target.value as Method })}>
          <option value="pca">PCA</option>
          <option value="umap">UMAP</option>
        </select>
      </Field>
      {p.method === 'umap' ? <UmapSettings umap={p.umap} onChange={(umap) => p.onChange({ umap })} /> : (
        <label className="check">
          <input type="checkbox" checked={p.pca.standardize} onChange={(e) => p.onChange({ pca: { standardize: e.target.checked } })} /> Standardise each feature first
        </label>
      )}
      <details className="probe-settings">
        <summary>Probe settings</summary>
        <ProbeSettings probe={p.probe} onChange={(probe) => p.onChange({ probe })} />
      </details>
    </section>
  );
}
