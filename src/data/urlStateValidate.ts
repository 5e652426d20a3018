// Small validators for values decoded from untrusted JSON (links, session files): each returns a fresh
// value or says what was wrong, and never returns the input object itself.
import type { Position } from './types';

export type Decoded<T> = { ok: true; value: T } | { ok: false; why: string };

export type Validator<T> = (raw: unknown) => Decoded<T>;

export const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
export const bad = <T>(why: string): Decoded<T> => ({ ok: false, why });

/** A short, printable description of an untrusted value for a warning. */
export function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'an object';
  if (typeof raw === 'string') return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  return String(raw);
}

/** A whole number in [min, max]. */
export function integer(min: number, max: number): Validator<number> {
  return (raw) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
      ? ok(raw === 0 ? 0 : raw)
      : bad(`expected a whole number from ${min} to ${max}, found ${describe(raw)}`);
}

/** A finite number in [min, max] (-0 becomes 0, as JSON would make it anyway). */
export function number(min: number, max: number): Validator<number> {
  return (raw) =>
    typeof raw === 'number' && Number.isFinite(raw) && raw >= min && raw <= max
      ? ok(raw === 0 ? 0 : raw)
      : bad(`expected a number from ${min} to ${max}, found ${describe(raw)}`);
}

export const boolean: Validator<boolean> = (raw) => (typeof raw === 'boolean' ? ok(raw) : bad(`expected true or false, found ${describe(raw)}`));

/** One of a fixed list of strings. */
export function oneOf<T extends string>(values: readonly T[]): Validator<T> {
  return (raw) =>
    typeof raw === 'string' && (values as readonly string[]).includes(raw)
      ? ok(raw as T)
      : bad(`expected one of ${values.join(', ')}, found ${describe(raw)}`);
}

/** A string of at most `maxLength` UTF-16 units that matches `pattern` when one is given. */
export function text(maxLength: number, pattern?: RegExp): Validator<string> {
  return (raw) => {
    if (typeof raw !== 'string') return bad(`expected text, found ${describe(raw)}`);
    if (raw.length > maxLength) return bad(`expected at most ${maxLength} characters, found ${raw.length}`);
    if (pattern && !pattern.test(raw)) return bad(`${describe(raw)} is not of the expected form`);
    return ok(raw);
  };
}

/** A plain JSON object (not null, not a list). */
export function isRecord(raw: unknown): raw is { [key: string]: unknown } {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** An own property of an untrusted object, without reaching into its prototype chain. */
export function own(obj: { [key: string]: unknown }, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Whether JSON text nests deeper than `max` brackets, found by a scan that skips strings. */
export function nestsDeeperThan(json: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The UTF-8 length of a string, without encoding it. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** An object whose keys each have a validator; missing keys take `defaults`, unknown keys are refused. */
export function params<T extends object>(defaults: T, spec: { [K in keyof T]: Validator<T[K]> }): Validator<T> {
  return (raw) => {
    if (!isRecord(raw)) return bad(`expected an object, found ${describe(raw)}`);
    const out = { ...defaults };
    for (const key of Object.keys(raw)) {
      if (!Object.prototype.hasOwnProperty.call(spec, key)) return bad(`unknown setting ${describe(key)}`);
      const r = spec[key as keyof T](raw[key]);
      if (!r.ok) return bad(`${key}: ${r.why}`);
      out[key as keyof T] = r.value;
    }
    return ok(out);
  };
}

export const nullable = <T>(inner: Validator<T>): Validator<T | null> => (raw) => (raw === null ? ok(null) : inner(raw));

/** A read position: last, mean, all, or a token index (negative counts from the end). */
export function position(raw: unknown): Decoded<Position> {
  if (raw === 'last' || raw === 'mean' || raw === 'all') return ok(raw);
  const index = integer(-65536, 65535)(raw);
  return index.ok ? index : bad(`expected last, mean, all or a token index, found ${describe(raw)}`);
}
