// The Causal tab: the direction and the shown sub-panel's settings on the left; on the right the per-layer
// "decodable vs causal" chart, the sub-panels (steering, ablation, patching, logit lens, attention) and
// the chosen one's results. Everything is read from the store and every control writes the view.
import type { ReactNode } from 'react';
import { DecodableCausalChart } from '../ui/charts/DecodableCausalChart';
import { AblationView, AttentionView, LensView, PatchingView, SteeringView } from '../ui/components/causal';
import { DirectionControls, SteerControls } from '../ui/components/causal/CausalControls';
import { PatchControls, PromptControls } from '../ui/components/causal/PatchControls';
import { PanelStatus } from '../ui/components/PanelStatus';
import {
  CAUSAL_PANELS, MAX_ALPHA, MAX_CAUSAL_TEXT, MAX_NEW_TOKENS, MAX_SWEEP, MAX_TOKEN_TEXT, PATCH_SITES, type CausalPanelName, type CausalView,
} from '../data/urlState';
import { openDirectionFile } from './causalActions';
import type { Controller } from './controller';
import type { AppState } from './store';
import { useWidth } from './useWidth';
import { causalData, type CausalData } from './viewDataCausal';
import type { Panel } from './viewData';
import { TabBar } from '../ui/components/TabBar';

const PANEL_NAMES: Record<CausalPanelName, string> = { steer: 'Steering', ablate: 'Ablation', patch: 'Patching', lens: 'Logit lens', attention: 'Attention' };
const METRIC_NAMES = { logitdiff: 'logit difference', prob: 'P(answer)', projection: 'projection' } as const;

/** The message a view shows in place of a result that is not ready. */
function statusOf(panel: Panel<unknown>): string | undefined {
  if (panel.kind === 'ready') return undefined;
  if (panel.kind === 'error') return `Could not compute this: ${panel.message}`;
  if (panel.kind === 'cancelled') return 'Cancelled.';
  return panel.message;
}

const valueOf = <T,>(panel: Panel<T>): T | null => (panel.kind === 'ready' ? panel.value : null);

/** Cancel while a result computes; Run again after a cancel or an error. */
function PanelActions({ panel, ctl }: { panel: Panel<unknown>; ctl: Controller }) {
  if (panel.kind !== 'running' && panel.kind !== 'error' && panel.kind !== 'cancelled') return null;
  return (
    <p className={panel.kind === 'error' ? 'error causal-status' : 'muted causal-status'} role="status" data-testid="causal-status" data-state={panel.kind}>
      {statusOf(panel)}{' '}
      {panel.kind === 'running'
        ? <button type="button" className="button small" onClick={() => ctl.actions().cancel(panel.keys)}>Cancel</button>
        : <button type="button" className="button small" onClick={() => ctl.actions().retry(panel.keys)}>Run again</button>}
    </p>
  );
}

function SubTabs({ panel, onPick }: { panel: CausalPanelName; onPick: (p: CausalPanelName) => void }) {
  return <TabBar tabs={CAUSAL_PANELS} selected={panel} names={PANEL_NAMES} onSelect={onPick} label="Causal tests" className="tabs causal-subtabs" testId={(p) => `causal-subtab-${p}`} />;
}

function ShownView({ ctl, s, data, width, set }: { ctl: Controller; s: AppState; data: CausalData; width: number; set: (p: Partial<CausalView>) => void }) {
  const c = s.view.causal;
  const view = (panel: Panel<unknown>, node: ReactNode) => <><PanelActions panel={panel} ctl={ctl} />{node}</>;
  switch (c.panel) {
    case 'steer':
      return view(data.steer, <SteeringView result={valueOf(data.steer)} prompts={data.steerRows.map((r) => r.prompt)} targets={data.steerRows.map((r) => r.target)}
        width={width} alpha={c.steer.alpha} status={statusOf(data.steer)} />);
    case 'ablate':
      return view(data.ablate, <AblationView result={valueOf(data.ablate)} width={width} status={statusOf(data.ablate)} />);
    case 'patch':
      return view(data.patch.panel, <PatchingView result={valueOf(data.patch.panel)} width={width} status={statusOf(data.patch.panel)} pendingSites={c.patch.sites.length}
        metricName={METRIC_NAMES[c.patch.metric]} />);
    case 'lens':
      return view(data.lens.panel, <LensView result={valueOf(data.lens.panel)} width={width} target={data.lens.target} status={statusOf(data.lens.panel)} />);
    case 'attention':
      return view(data.attention.panel, <AttentionView result={valueOf(data.attention.panel)} width={width} layer={c.attention.layer} head={c.attention.head}
        status={statusOf(data.attention.panel)} onSelectHead={(layer, head) => set({ attention: { ...ctl.store.getState().view.causal.attention, layer, head } })} />);
  }
}

function SideControls({ ctl, s, data, set }: { ctl: Controller; s: AppState; data: CausalData; set: (p: Partial<CausalView>) => void }) {
  const c = s.view.causal;
  const latest = () => ctl.store.getState().view.causal;
  const up = s.upload.direction;
  return (
    <aside className="side">
      <DirectionControls direction={c.direction} nLayers={data.nLayers} sites={data.sites} labelColumns={data.labelColumns} column={data.column} classes={data.classes}
        positive={data.positive} uploaded={up && { name: up.name, shape: up.shape }} uploadError={s.upload.error} missing={data.directionMissing}
        onChange={(patch) => set({ direction: { ...latest().direction, ...patch } })} onUpload={(file) => void openDirectionFile(ctl.store, file)} />
      {c.panel === 'steer' && (
        <SteerControls steer={c.steer} columns={data.columns} targetColumn={data.targetColumn} maxAlpha={MAX_ALPHA} maxSweep={MAX_SWEEP} maxNew={MAX_NEW_TOKENS}
          onChange={(patch) => set({ steer: { ...latest().steer, ...patch } })} />
      )}
      {c.panel === 'patch' && (
        <PatchControls patch={c.patch} pairs={data.pairs} pairId={data.patch.pairId} clean={data.patch.clean} corrupt={data.patch.corrupt} answers={data.patch.targets}
          sites={PATCH_SITES} maxText={MAX_CAUSAL_TEXT} maxToken={MAX_TOKEN_TEXT} onChange={(patch) => set({ patch: { ...latest().patch, ...patch } })} />
      )}
      {c.panel === 'lens' && (
        <PromptControls title="Logit lens" testId="lens-prompt" row={c.lens.row} rows={data.rowsCount} text={c.lens.text} shown={data.lens.text} maxText={MAX_CAUSAL_TEXT}
          onChange={(patch) => set({ lens: { ...latest().lens, ...patch } })}
          lens={{ params: c.lens, target: data.lens.target, maxToken: MAX_TOKEN_TEXT, onChange: (patch) => set({ lens: { ...latest().lens, ...patch } }) }} />
      )}
      {c.panel === 'attention' && (
        <PromptControls title="Attention" testId="attention-prompt" row={c.attention.row} rows={data.rowsCount} text={c.attention.text} shown={data.attention.text}
          maxText={MAX_CAUSAL_TEXT} onChange={(patch) => set({ attention: { ...latest().attention, ...patch } })} />
      )}
    </aside>
  );
}

export function CausalTab({ ctl, s }: { ctl: Controller; s: AppState }) {
  const [mainRef, width] = useWidth<HTMLDivElement>(940);
  const data = causalData(s);
  // Handlers read the latest view, so two quick changes never undo each other.
  const set = (patch: Partial<CausalView>) => ctl.actions().setView({ causal: { ...ctl.store.getState().view.causal, ...patch } });
  const loading = s.engine.loading !== null || s.datasetLoading !== null;
  return (
    <div className="body" data-testid="causal-panel">
      {data && <SideControls ctl={ctl} s={s} data={data} set={set} />}
      <main className="main causal-main" ref={mainRef}>
        {data ? (
          <>
            {data.effects.kind === 'ready'
              ? <DecodableCausalChart result={data.effects.value} width={width} />
              : <PanelStatus title="Decodable vs causal, by layer" width={width} height={320} panel={data.effects} testId="decodable-causal-status"
                onCancel={(keys) => ctl.actions().cancel(keys)} onRetry={(keys) => ctl.actions().retry(keys)} />}
            <SubTabs panel={s.view.causal.panel} onPick={(panel) => set({ panel })} />
            <ShownView ctl={ctl} s={s} data={data} width={width} set={set} />
          </>
        ) : (
          <p className="muted loading" data-testid="causal-loading">{loading ? 'Loading the model and prompts…' : 'The causal tests need a model that reads text and a prompt set.'}</p>
        )}
      </main>
    </div>
  );
}
