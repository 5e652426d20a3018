// Controls of activation patching (the clean / corrupt prompts, from a contrast pair or typed; the metric
// and its target tokens; the sites), and of the logit lens and attention prompts (a dataset row or text).
import type { LensParams, PatchMetricKind, PatchParams, PatchSite } from '../../../data/urlState';
import { CommitText, NumberInput, SelectInput } from './fields';
import './controls.css';

const METRICS: readonly { value: PatchMetricKind; label: string }[] = [
  { value: 'logitdiff', label: 'logit difference of two answers' },
  { value: 'prob', label: 'probability of an answer' },
  { value: 'projection', label: 'projection on the direction' },
];

const SITE_NAMES: Record<PatchSite, string> = { resid_pre: 'residual stream (resid_pre)', attn_out: 'attention output', mlp_out: 'MLP output', heads: 'each attention head' };

export interface PatchControlsProps {
  patch: PatchParams;
  pairs: readonly { id: string; clean: string; corrupt: string }[];
  /** The pair in use and the prompts in use (typed, or the pair's). */
  pairId: string | null;
  clean: string;
  corrupt: string;
  /** The answers the metric reads (the typed ones, or each run's top-1), when known. */
  answers: readonly string[] | null;
  sites: readonly PatchSite[];
  maxText: number;
  maxToken: number;
  onChange: (patch: Partial<PatchParams>) => void;
}

export function PatchControls(p: PatchControlsProps) {
  const { patch } = p;
  const toggle = (site: PatchSite, on: boolean) => {
    const next = p.sites.filter((s) => (s === site ? on : patch.sites.includes(s)));
    if (next.length > 0) p.onChange({ sites: next });
  };
  return (
    <section className="panel causal-controls" aria-label="Patching">
      <h2>Patching</h2>
      {p.pairs.length > 0 && (
        <SelectInput label="Contrast pair (clean = positive, corrupt = negative)" value={p.pairId ?? ''} testId="patch-pair"
          options={p.pairs.slice(0, 500).map((x) => ({ value: x.id, label: `${x.id}: ${x.clean}` }))} onChange={(pair) => p.onChange({ pair, clean: '', corrupt: '' })} />
      )}
      <CommitText label="Clean prompt" value={p.clean} maxLength={p.maxText} testId="patch-clean" onCommit={(clean) => p.onChange({ clean })} />
      <CommitText label="Corrupt prompt" value={p.corrupt} maxLength={p.maxText} testId="patch-corrupt" onCommit={(corrupt) => p.onChange({ corrupt })}
        hint="Same number of tokens as the clean prompt: patching swaps activations position by position" />
      <SelectInput label="Metric" value={patch.metric} options={METRICS} onChange={(metric) => p.onChange({ metric })} testId="patch-metric" />
      {patch.metric !== 'projection' && (
        <div className="grid2">
          <CommitText label={patch.metric === 'logitdiff' ? 'Clean answer' : 'Answer'} value={patch.targets[0]} maxLength={p.maxToken} testId="patch-target-clean"
            placeholder={p.answers?.[0] ?? 'top-1 of clean'} onCommit={(t) => p.onChange({ targets: [t, patch.targets[1]] })} />
          {patch.metric === 'logitdiff' && (
            <CommitText label="Corrupt answer" value={patch.targets[1]} maxLength={p.maxToken} testId="patch-target-corrupt"
              placeholder={p.answers?.[1] ?? 'top-1 of corrupt'} onCommit={(t) => p.onChange({ targets: [patch.targets[0], t] })} />
          )}
        </div>
      )}
      <fieldset className="causal-sites" data-testid="patch-sites">
        <legend>Patch</legend>
        {p.sites.map((s) => (
          <label key={s}><input type="checkbox" checked={patch.sites.includes(s)} onChange={(e) => toggle(s, e.target.checked)} /> {SITE_NAMES[s]}</label>
        ))}
      </fieldset>
    </section>
  );
}

export interface PromptControlsProps {
  title: string;
  testId: string;
  row: number;
  rows: number;
  text: string;
  /** The prompt in use (the typed text, or the row's). */
  shown: string;
  maxText: number;
  onChange: (patch: { row?: number; text?: string }) => void;
  /** The logit lens's extra settings. */
  lens?: { params: LensParams; target: string | null; maxToken: number; onChange: (patch: Partial<LensParams>) => void };
}

export function PromptControls(p: PromptControlsProps) {
  return (
    <section className="panel causal-controls" aria-label={p.title}>
      <h2>{p.title}</h2>
      <NumberInput label="Dataset row" value={p.row} min={0} max={Math.max(0, p.rows - 1)} step={1} integer onChange={(row) => p.onChange({ row, text: '' })} testId={`${p.testId}-row`} />
      <CommitText label="Prompt (empty: the row's)" value={p.text === '' ? p.shown : p.text} maxLength={p.maxText} testId={p.testId}
        onCommit={(text) => p.onChange({ text: text === p.shown ? p.text : text })} />
      {p.lens && (
        <div className="grid2">
          <NumberInput label="Top k" value={p.lens.params.topK} min={1} max={50} step={1} integer onChange={(topK) => p.lens!.onChange({ topK })} testId="lens-topk" />
          <CommitText label="Token to rank" value={p.lens.params.target} maxLength={p.lens.maxToken} testId="lens-target-token" placeholder={p.lens.target ?? 'none'}
            onCommit={(target) => p.lens!.onChange({ target })} />
        </div>
      )}
    </section>
  );
}
