// The engine's smoke-test page: backend in use (and why), a prompt box, its tokens with ids, and the
// top-10 next tokens. The explorer replaces it; it proves the engine runs in the browser.
import { useCallback, useEffect, useRef, useState } from 'react';
import { BackendBadge } from '../ui/components/BackendBadge';
import { TokenStrip } from '../ui/components/TokenStrip';
import { TopTokens } from '../ui/components/TopTokens';
import {
  DEFAULT_MODEL_ID, disposeModel, fetchBuiltinModel, loadModel, onBackendLost, predictNext, startBackend,
  type Model, type ModelFiles, type Prediction,
} from './engine';
import type { BackendChoice } from '../model/backend';

const BACKEND_OPTIONS: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const DEFAULT_PROMPT = 'The quick brown fox jumps over the';

interface EngineView {
  backend: string | null;
  reason: string;
  model: Model | null;
  error: string | null;
}

/** Selects a backend, then (re-)uploads the model's weights there; the previous model is freed first. */
async function bringUp(choice: BackendChoice, files: ModelFiles, previous: Model | null): Promise<{ model: Model; backend: string; reason: string }> {
  if (previous) disposeModel(previous);
  const report = await startBackend(choice);
  const model = await loadModel(files, DEFAULT_MODEL_ID);
  return { model, backend: report.chosen, reason: report.reason };
}

export function App() {
  const [requested, setRequested] = useState<BackendChoice>('auto');
  const [view, setView] = useState<EngineView>({ backend: null, reason: 'selecting a backend…', model: null, error: null });
  const [prompt, setPrompt] = useState(DEFAULT_PROMPT);
  const [prediction, setPrediction] = useState<Prediction | null>(null);
  const files = useRef<Promise<ModelFiles> | null>(null);
  const modelRef = useRef<Model | null>(null);

  const bring = useCallback(async (choice: BackendChoice) => {
    try {
      files.current ??= fetchBuiltinModel(DEFAULT_MODEL_ID);
      const up = await bringUp(choice, await files.current, modelRef.current);
      modelRef.current = up.model;
      setView({ backend: up.backend, reason: up.reason, model: up.model, error: null });
    } catch (err) {
      modelRef.current = null;
      setView((v) => ({ ...v, model: null, error: err instanceof Error ? err.message : String(err) }));
    }
  }, []);

  useEffect(() => {
    void bring(requested);
  }, [bring, requested]);

  useEffect(() => onBackendLost((report) => void bring(report.chosen)), [bring]);

  useEffect(() => {
    const model = view.model;
    if (!model) return;
    let live = true;
    predictNext(model, prompt)
      .then((p) => live && setPrediction(p))
      .catch((err) => live && setView((v) => ({ ...v, error: err instanceof Error ? err.message : String(err) })));
    return () => {
      live = false;
    };
  }, [view.model, prompt]);

  const unknown = new Set(prediction?.unknown.map((u) => u.index) ?? []);
  return (
    <main className="smoke">
      <header>
        <h1>Repscope</h1>
        <p className="muted">Engine smoke test: {DEFAULT_MODEL_ID} ({view.model ? `${view.model.parameterCount.toLocaleString()} parameters` : 'loading…'})</p>
        <BackendBadge chosen={view.backend} reason={view.reason} requested={requested} options={BACKEND_OPTIONS} onRequest={(c) => setRequested(c as BackendChoice)} />
      </header>
      {view.error && <p className="error" role="alert" data-testid="engine-error">{view.error}</p>}
      <label className="prompt">
        Prompt
        <textarea data-testid="prompt-input" value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} />
      </label>
      <section>
        <h2>Tokens</h2>
        <TokenStrip tokens={(prediction?.tokens ?? []).map((t, i) => ({ ...t, unknown: unknown.has(i) }))} />
      </section>
      <section>
        <h2>Next token (top 10)</h2>
        <TopTokens rows={prediction?.top ?? []} />
      </section>
    </main>
  );
}
