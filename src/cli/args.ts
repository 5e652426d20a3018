// A small command-line parser (`--flag value`, `--flag=value`, boolean `--flag`), and the error type
// that makes the CLI print one `error:` line and exit with status 2.

/** An error meant for the user: main prints its message (plus a usage hint when `usage`) and exits 2. */
export class CliError extends Error {
  constructor(message: string, readonly usage = false) {
    super(message);
    this.name = 'CliError';
  }
}

export type FlagKind = 'string' | 'boolean';

/** Flag name (without `--`) → whether it takes a value. */
export type FlagSpecs = Readonly<Record<string, FlagKind>>;

export interface ParsedArgs {
  positionals: string[];
  /** A Map, so that a flag named like an Object.prototype key cannot alias anything. */
  flags: Map<string, string | true>;
}

/** Splits `--name=value` into its parts; value is undefined without `=`. */
function splitFlag(arg: string): { name: string; inline: string | undefined } {
  const eq = arg.indexOf('=');
  return eq < 0 ? { name: arg.slice(2), inline: undefined } : { name: arg.slice(2, eq), inline: arg.slice(eq + 1) };
}

/**
 * Parses argv against `specs`. A string flag takes the next argument as its value even when it starts
 * with `-` (so `--position -1` works); `--` ends the flags. Unknown or repeated flags are usage errors.
 */
export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const kinds = new Map(Object.entries(specs));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new CliError(`unknown option ${arg} for "repscope ${command}" (options are spelled --name)`, true);
    const { name, inline } = splitFlag(arg);
    const kind = kinds.get(name);
    if (kind === undefined) throw new CliError(`unknown option --${name} for "repscope ${command}"`, true);
    if (flags.has(name)) throw new CliError(`option --${name} is given twice`, true);
    if (kind === 'boolean') {
      if (inline !== undefined) throw new CliError(`option --${name} takes no value`, true);
      flags.set(name, true);
    } else if (inline !== undefined) {
      flags.set(name, inline);
    } else {
      if (i + 1 >= argv.length) throw new CliError(`option --${name} needs a value`, true);
      flags.set(name, argv[++i]);
    }
  }
  return { positionals, flags };
}

/** The value of a string flag, or undefined when absent. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** The value of a string flag that must be present and non-empty. */
export function requiredFlag(args: ParsedArgs, name: string, what: string): string {
  const v = stringFlag(args, name);
  if (v === undefined || v === '') throw new CliError(`missing --${name} ${what}`, true);
  return v;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** A non-negative integer, or (with allowNegative) any integer; `what` names the flag in the error. */
export function parseInteger(text: string, what: string, allowNegative = false): number {
  const pattern = allowNegative ? /^-?[0-9]+$/ : /^[0-9]+$/;
  const n = Number(text);
  if (!pattern.test(text.trim()) || !Number.isSafeInteger(n)) {
    throw new CliError(`${what} must be ${allowNegative ? 'an integer' : 'a non-negative integer'}, got ${JSON.stringify(text)}`, true);
  }
  return n;
}

/** A finite number ≥ 0. */
export function parseNonNegative(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new CliError(`${what} must be a number ≥ 0, got ${JSON.stringify(text)}`, true);
  return n;
}

/** Exactly one positional argument (the MODEL), else a usage error. */
export function onePositional(args: ParsedArgs, command: string, what = 'MODEL'): string {
  if (args.positionals.length === 0) throw new CliError(`"repscope ${command}" needs ${what}`, true);
  if (args.positionals.length > 1) {
    throw new CliError(`"repscope ${command}" takes one ${what}, got extra argument ${JSON.stringify(args.positionals[1])}`, true);
  }
  return args.positionals[0];
}
