// Types shared by every layer (the lowest layer, so no type import points upward).

/** A row-major matrix of float32 values: row i is data[i·cols … (i+1)·cols). */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** A matrix view of an array, after checking that its length fits. */
export function asMatrix(data: Float32Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== data.length) {
    throw new Error(`matrix of ${rows}×${cols} needs ${rows * cols} values, found ${data.length}`);
  }
  return { data, rows, cols };
}

/** Where activations are read in each prompt: the last token, the mean over tokens, every token, or one index (negative counts from the end). */
export type Position = 'last' | 'mean' | 'all' | number;

/** One prompt read from a prompt file, with the line it started on so messages can point at it. */
export interface PromptRow {
  text: string;
  /** Every other non-empty cell of this row, by column name (a Map: column names are user text). */
  labels: ReadonlyMap<string, string>;
  /** Contrast-pair id shared by the two prompts of a pair. */
  pair?: string;
  /** Which side of its pair this prompt is, when the file says. */
  role?: 'positive' | 'negative';
  group?: string;
  /** 1-based line of the file where this prompt's record starts. */
  line: number;
}

/** Where a dataset came from: shipped with the app, a dropped or picked file, the paste box, or a link. */
export type DatasetSource = 'builtin' | 'file' | 'paste' | 'url';

/** A prompt set ready to run: parsed rows plus what identifies it across sessions and links. */
export interface Dataset {
  /** `builtin:<id>` for shipped sets, else `sha256:<hash>`. */
  id: string;
  /** Shown to the user (file name or the set's title); user text, rendered as text. */
  name: string;
  source: DatasetSource;
  rows: PromptRow[];
  /** The column the prompts came from (null for plain text and positive/negative pairs). */
  textColumn: string | null;
  labelColumns: string[];
  /** SHA-256 (hex) of the text the rows were parsed from. */
  contentHash: string;
  /** The text the rows were parsed from, kept so the set can be re-parsed, stored, linked or exported. */
  text: string;
  /** Where the set's author suggests reading activations, when they say. */
  readPosition?: Position;
}
