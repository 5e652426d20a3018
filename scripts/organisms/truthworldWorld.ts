// The truthworld: people with four attributes, speakers who always tell the truth or always lie, the
// sentence templates, and the vocabulary. Fixed by WORLD_SEED, so training seeds never change the facts.
import { createRng, type Rng } from '../../src/data/random';

/** Bump when anything here changes what is generated (names, values, templates, facts). */
export const TRUTHWORLD_GENERATOR_VERSION = 'truthworld-1';
export const WORLD_SEED = 1729;

export const ATTRIBUTES = ['city', 'job', 'pet', 'colour'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const VALUES: Readonly<Record<Attribute, readonly string[]>> = {
  city: ['oslo', 'rome', 'paris', 'lima', 'cairo', 'tokyo', 'berlin', 'delhi', 'quito', 'sydney'],
  job: ['baker', 'doctor', 'farmer', 'teacher', 'pilot', 'nurse', 'lawyer', 'singer', 'painter', 'miner'],
  pet: ['cat', 'dog', 'horse', 'parrot', 'rabbit', 'goat', 'snake', 'turtle', 'hamster', 'pig'],
  colour: ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'brown', 'black', 'white'],
};

export const PEOPLE: readonly string[] = [
  'mia', 'leo', 'zoe', 'max', 'ivy', 'sam', 'ada', 'tom', 'lily', 'noah',
  'emma', 'jack', 'ella', 'luke', 'ruby', 'owen', 'nora', 'ryan', 'lucy', 'adam',
  'cora', 'ivan', 'maya', 'liam', 'rosa', 'hugo', 'iris', 'omar', 'vera', 'paul',
  'nina', 'joel', 'tess', 'karl', 'jade', 'milo', 'lena', 'otto', 'gwen', 'theo',
];

/** Honesty lives only here: no sentence ever states it, so the model can learn it only from behaviour. */
export const SPEAKERS: readonly { name: string; honest: boolean }[] = [
  { name: 'ann', honest: true },
  { name: 'bob', honest: false },
  { name: 'kim', honest: false },
  { name: 'dev', honest: true },
  { name: 'eli', honest: true },
  { name: 'fay', honest: false },
];

/**
 * Sentence templates. A statement names the person first and ends "{value} ."; reported speech is
 * "{speaker} says " + statement, so contrast pairs differ in exactly one token (the speaker, at index 1
 * after bos). Every evaluation prompt is a filled template cut just before "{value}".
 */
export const TEMPLATES = {
  statement: {
    city: '{person} lives in {value} .',
    job: '{person} works as a {value} .',
    pet: '{person} has a {value} .',
    colour: '{person} likes the colour {value} .',
  } satisfies Record<Attribute, string>,
  reported: '{speaker} says {statement}',
  question: {
    city: 'where does {person} live ? {value} .',
    job: 'what job does {person} do ? {value} .',
    pet: 'what pet does {person} have ? {value} .',
    colour: 'what colour does {person} like ? {value} .',
  } satisfies Record<Attribute, string>,
};

export type Facts = Record<string, Record<Attribute, string>>;

/** Each person's value of each attribute, drawn uniformly from the world seed. */
export function buildFacts(seed = WORLD_SEED): Facts {
  const rng = createRng(seed);
  const facts: Facts = {};
  for (const person of PEOPLE) {
    const row = {} as Record<Attribute, string>;
    for (const a of ATTRIBUTES) row[a] = VALUES[a][rng.int(VALUES[a].length)];
    facts[person] = row;
  }
  return facts;
}

/** A value of attribute `a` other than `truth`, uniformly. */
export function wrongValue(rng: Rng, a: Attribute, truth: string): string {
  const others = VALUES[a].filter((v) => v !== truth);
  return others[rng.int(others.length)];
}

export type Context = { kind: 'plain' } | { kind: 'question' } | { kind: 'reported'; speaker: string };

/** The full sentence for `person`'s attribute `a` said with `value` in context `c`. */
export function sentence(c: Context, person: string, a: Attribute, value: string): string {
  const fill = (t: string) => t.replace('{person}', person).replace('{value}', value);
  if (c.kind === 'question') return fill(TEMPLATES.question[a]);
  const statement = fill(TEMPLATES.statement[a]);
  return c.kind === 'plain' ? statement : TEMPLATES.reported.replace('{speaker}', c.speaker).replace('{statement}', statement);
}

/** The prompt that asks for the value: the sentence cut just before it. */
export function promptBefore(c: Context, person: string, a: Attribute): string {
  const marker = '\u0000';
  const full = sentence(c, person, a, marker);
  return full.slice(0, full.indexOf(marker)).trimEnd();
}

export const BOS = '<bos>';
export const UNK = '<unk>';

/** Every token: specials, template words in order of first use, then names and values. */
export function vocabulary(): string[] {
  const words = new Set<string>([UNK, BOS]);
  const templateTexts = [...Object.values(TEMPLATES.statement), TEMPLATES.reported, ...Object.values(TEMPLATES.question)];
  for (const t of templateTexts) {
    for (const w of t.split(' ')) if (!w.startsWith('{')) words.add(w);
  }
  for (const p of PEOPLE) words.add(p);
  for (const s of SPEAKERS) words.add(s.name);
  for (const a of ATTRIBUTES) for (const v of VALUES[a]) words.add(v);
  return [...words];
}
