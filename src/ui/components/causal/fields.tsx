// Small labelled inputs for the Causal tab's controls: a number that commits only valid values, a select,
// and a text box that commits on Enter or when focus leaves (so a half-typed prompt starts no job).
import { useEffect, useState, type ReactNode } from 'react';

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field" title={hint}>
      <span>{label}</span>
      {children}
    </label>
  );
}

export interface NumberInputProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  onChange: (v: number) => void;
  testId?: string;
  hint?: string;
}

/** A number input that passes on values within [min, max] only, so the view never holds a half-typed one. */
export function NumberInput({ label, value, min, max, step, integer = false, onChange, testId, hint }: NumberInputProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <Field label={label} hint={hint}>
      <input type="number" value={text} min={min} max={max} step={step} data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))) onChange(v);
        }}
        onBlur={() => setText(String(value))} />
    </Field>
  );
}

export interface SelectInputProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (v: T) => void;
  testId?: string;
  hint?: string;
}

export function SelectInput<T extends string>({ label, value, options, onChange, testId, hint }: SelectInputProps<T>) {
  return (
    <Field label={label} hint={hint}>
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

export interface CommitTextProps {
  label: string;
  value: string;
  onCommit: (v: string) => void;
  maxLength: number;
  testId?: string;
  placeholder?: string;
  /** Multi-line box (Ctrl+Enter commits); else one line (Enter commits). */
  multiline?: boolean;
  hint?: string;
  /** Checks the text before it is committed; returns why it cannot be used. */
  check?: (v: string) => string | null;
}

/** A text box whose value reaches the view on Enter (Ctrl+Enter when multi-line) or when focus leaves. */
export function CommitText({ label, value, onCommit, maxLength, testId, placeholder, multiline = false, hint, check }: CommitTextProps) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setText(value); setError(null); }, [value]);
  const commit = () => {
    const why = check?.(text) ?? null;
    setError(why);
    if (why === null && text !== value) onCommit(text);
  };
  const common = {
    value: text, maxLength, placeholder, 'data-testid': testId, 'aria-invalid': error !== null,
    onBlur: commit,
  };
  return (
    <Field label={label} hint={hint}>
      {multiline
        ? <textarea {...common} rows={2} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); commit(); } }} />
        : <input type="text" {...common} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />}
      {error && <em className="error" role="alert">{error}</em>}
    </Field>
  );
}
