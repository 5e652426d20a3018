// The model menu: every built-in model by title (marked busy while one loads).
export interface ModelOption {
  id: string;
  title: string;
}

export interface ModelPickerProps {
  models: readonly ModelOption[];
  value: string;
  loading: boolean;
  onChange: (id: string) => void;
}

export function ModelPicker({ models, value, loading, onChange }: ModelPickerProps) {
  return (
    <label className="field inline">
      <span>Model</span>
      <select data-testid="model-picker" value={value} onChange={(e) => onChange(e.target.value)} aria-busy={loading}>
        {models.length === 0 && <option value={value}>{value || 'loading…'}</option>}
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.title}
          </option>
        ))}
      </select>
    </label>
  );
}
