// The contract between scripts/bench.ts and a benchmark: a file scripts/bench/<name>.ts that exports
// `command` is `npm run bench -- <name>`; the dispatcher parses flags, prints, and writes --json.

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
}

export interface BenchContext {
  /** --quick: skip the slowest cases. */
  quick: boolean;
  /** The command's own flags, parsed by node:util parseArgs from its `flags` spec. */
  flags: Record<string, string | boolean | undefined>;
  /** Progress for the person waiting (stderr); the report itself goes to stdout. */
  log: (message: string) => void;
}

export interface BenchOutcome {
  /** The readable report. */
  text: string;
  /** Everything measured, for --json. */
  json: unknown;
}

export interface BenchCommand {
  /** One line for the usage text. */
  summary: string;
  flags?: Record<string, FlagSpec>;
  run(context: BenchContext): Promise<BenchOutcome>;
}
