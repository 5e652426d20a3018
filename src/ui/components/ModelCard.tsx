// The model card: what the model is, its architecture, how and on what it was trained, and its evaluation
// targets with the values measured after training (a tick when met). Plain props; the app prepares them.
export interface ModelCardProps {
  title: string;
  description: string | null;
  architecture: readonly [string, string][];
  training: readonly [string, string][];
  trainingData: string | null;
  reproduce: string | null;
  targets: readonly { metric: string; description: string; bound: string; value: string; pass: boolean | null }[];
  causal: readonly string[];
  note: string | null;
}

function Pairs({ rows, label }: { rows: readonly [string, string][]; label: string }) {
  if (rows.length === 0) return null;
  return (
    <dl className="card-pairs" aria-label={label}>
      {rows.map(([k, v]) => (
        <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
      ))}
    </dl>
  );
}

export function ModelCard(p: ModelCardProps) {
  return (
    <section className="model-card" aria-label="Model card" data-testid="model-card">
      <h2>{p.title}</h2>
      {p.description && <p>{p.description}</p>}
      {p.note && <p className="muted">{p.note}</p>}
      <h3>Architecture</h3>
      <Pairs rows={p.architecture} label="Architecture" />
      {(p.training.length > 0 || p.trainingData) && <h3>Training</h3>}
      <Pairs rows={p.training} label="Training" />
      {p.trainingData && <p className="small">{p.trainingData}</p>}
      {p.reproduce && <p className="small">Reproduce: <code>{p.reproduce}</code></p>}
      {p.targets.length > 0 && (
        <>
          <h3>Evaluation targets</h3>
          <table className="card-targets" data-testid="card-targets">
            <thead><tr><th>metric</th><th>target</th><th>measured</th><th /></tr></thead>
            <tbody>
              {p.targets.map((t) => (
                <tr key={t.metric} title={t.description}>
                  <td><span className="mono">{t.metric}</span><br /><span className="muted small">{t.description}</span></td>
                  <td>{t.bound}</td>
                  <td>{t.value}</td>
                  <td aria-label={t.pass === null ? 'not judged' : t.pass ? 'met' : 'missed'}>{t.pass === null ? '' : t.pass ? '✓' : '✗'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {p.causal.length > 0 && (
        <>
          <h3>Decodable vs causal</h3>
          <ul className="small">{p.causal.map((line) => <li key={line}>{line}</li>)}</ul>
        </>
      )}
    </section>
  );
}
