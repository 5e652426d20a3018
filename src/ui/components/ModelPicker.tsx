// The model menu: every built-in model by title (marked busy while one loads), and a button that opens a
// model of the user's own (model.safetensors with its config.json), as dropping the files does.
import { useRef } from 'react';

export interface ModelOption {
  id: string;
  title: string;
}

export interface ModelPickerProps {
  models: readonly ModelOption[];
  value: string;
  loading: boolean;
  onChange: (id: string) => void;
  /** The files picked with "Open model files…". */
  onOpenFiles?: (files: File[]) => void;
}

export function ModelPicker({ models, value, loading, onChange, onOpenFiles }: ModelPickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
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
      {onOpenFiles && (
        <>
          <button type="button" className="button small" data-testid="model-open" title="Pick model.safetensors and config.json together (or drop them on the page)" onClick={() => input.current?.click()}>
            Open model files…
          </button>
          <input ref={input} type="file" multiple accept=".safetensors,.json" hidden data-testid="model-files-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length > 0) onOpenFiles(files);
            }} />
        </>
      )}
    </>
  );
}
