// The Engine tab: the smoke check of the loaded model on the chosen backend (prompt, tokens, top-10 next
// tokens), and below it the model's card. The last finished prediction stays on screen while the next one computes.
import { useRef } from 'react';
import { EnginePanel } from '../ui/components/EnginePanel';
import { ModelCard } from '../ui/components/ModelCard';
import { cardSummary } from './modelCard';
import type { Controller } from './controller';
import { parameterText } from './selectors';
import type { AppState } from './store';
import { predictionPanel, type Prediction } from './viewData';

export function EngineTab({ ctl, s }: { ctl: Controller; s: AppState }) {
  const { text, panel } = predictionPanel(s);
  const model = s.engine.model;
  const last = useRef<{ model: string; backend: string; value: Prediction } | null>(null);
  if (panel.kind === 'ready' && model) last.current = { model: model.id, backend: s.engine.backend?.chosen ?? '', value: panel.value };
  const kept = last.current?.model === model?.id ? last.current : null;
  const shown = kept?.value ?? null;
  const entry = s.catalog?.models.find((m) => m.id === model?.id);
  const status = panel.kind === 'running' ? 'computing…' : panel.kind === 'cancelled' ? 'cancelled' : null;
  const error = s.engine.error ?? (panel.kind === 'error' ? panel.message : null);
  return (
    <div className="body single">
      <EnginePanel modelTitle={entry?.title ?? model?.id ?? s.engine.loading ?? 'loading…'} parameters={model ? `${parameterText(model.parameterCount)} (${model.parameterCount.toLocaleString('en-US')})` : null}
        prompt={text} onPrompt={(t) => ctl.actions().setEnginePrompt(t)} tokens={shown?.tokens ?? []} unknown={shown?.unknown ?? []} top={shown?.top ?? []}
        status={status} computedOn={kept?.backend ?? null} error={error} />
      {model && <ModelCard {...cardSummary(model, entry?.title ?? null)} />}
    </div>
  );
}
