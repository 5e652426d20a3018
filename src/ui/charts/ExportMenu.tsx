// The export control on every chart: PNG (2×), SVG and CSV. Keyboard: Enter/Space opens, arrows
// move, Escape closes and returns focus to the button.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { arrowStep, moveFocus } from './focusNav';
import { downloadBlob } from './exportImage';

export type ExportKind = 'png' | 'svg' | 'csv';

/** How a chart produces each format; charts build these from their layout and elements. */
export interface ChartExporters {
  png: (scale: number) => Promise<Blob>;
  svg: () => string;
  csv: () => string;
}

export interface ExportedFile {
  kind: ExportKind;
  filename: string;
  blob: Blob;
}

/** Called with each exported file instead of downloading it (tests, or an app that saves elsewhere). */
export type ExportHandler = (file: ExportedFile) => void;

export interface ExportMenuProps {
  /** File name without extension, e.g. "probe-accuracy". */
  name: string;
  exporters: ChartExporters;
  onExport?: ExportHandler;
}

const ITEMS: readonly { kind: ExportKind; label: string }[] = [
  { kind: 'png', label: 'PNG image (2×)' },
  { kind: 'svg', label: 'SVG vector' },
  { kind: 'csv', label: 'CSV data' },
];

const PNG_SCALE = 2;

async function makeFile(kind: ExportKind, name: string, ex: ChartExporters): Promise<ExportedFile> {
  const filename = `${name}.${kind}`;
  if (kind === 'png') return { kind, filename, blob: await ex.png(PNG_SCALE) };
  if (kind === 'svg') return { kind, filename, blob: new Blob([ex.svg()], { type: 'image/svg+xml' }) };
  return { kind, filename, blob: new Blob([ex.csv()], { type: 'text/csv' }) };
}

/** Focuses the first item when the menu opens; a press outside closes it. */
function useDismiss(open: boolean, menu: RefObject<HTMLDivElement | null>, close: () => void) {
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.parentElement?.contains(e.target as Node)) close();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open, menu, close]);
}

/** Makes a file and hands it to onExport (or downloads it); a failure is kept to show its message. */
function useExporter(name: string, exporters: ChartExporters, onExport?: ExportHandler) {
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: ExportKind) => {
    try {
      const file = await makeFile(kind, name, exporters);
      setError(null);
      if (onExport) onExport(file);
      else downloadBlob(file.blob, file.filename);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return { run, error };
}

export function ExportMenu({ name, exporters, onExport }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  useDismiss(open, menu, useCallback(() => setOpen(false), []));

  const { run, error } = useExporter(name, exporters, onExport);
  const choose = (kind: ExportKind) => {
    setOpen(false);
    button.current?.focus();
    void run(kind);
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (!moveFocus(e.currentTarget, 'button', arrowStep(e.key))) return;
    e.preventDefault();
  };

  return (
    <div className="rs-export" data-testid="export-menu">
      <button
        ref={button}
        type="button"
        className="rs-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        title={error ?? 'Export this chart'}
        onClick={() => setOpen((o) => !o)}
      >
        Export ▾
      </button>
      {open && (
        <div ref={menu} id={id} role="menu" className="rs-menu" onKeyDown={onMenuKey}>
          {ITEMS.map((it) => (
            <button key={it.kind} type="button" role="menuitem" data-kind={it.kind} onClick={() => choose(it.kind)}>
              {it.label}
            </button>
          ))}
        </div>
      )}
      {error && <span className="rs-export-error" role="alert">{error}</span>}
    </div>
  );
}
