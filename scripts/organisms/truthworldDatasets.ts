// truthworld's built-in prompt sets, each with ground-truth labels and the position to read: speaker contrast
// pairs, true vs false plain statements, and reported statements crossing speaker honesty with truth.
import { createRng } from '../../src/data/random';
import type { DatasetSpec } from './types';
import { ATTRIBUTES, PEOPLE, SPEAKERS, WORLD_SEED, promptBefore, sentence, wrongValue, type Facts } from './truthworldWorld';

type Row = DatasetSpec['rows'][number];

/** A sentence without its final " .", so the last token is the value (nothing is trained to follow "."). */
function statementText(speaker: string | null, person: string, a: (typeof ATTRIBUTES)[number], value: string): string {
  const c = speaker === null ? { kind: 'plain' as const } : { kind: 'reported' as const, speaker };
  return sentence(c, person, a, value).replace(/ \.$/, '');
}

/**
 * Pairs of prompts differing only in the speaker: the i-th honest speaker against the i-th liar. `answer` is the
 * true value of the fact asked about, the same in both rows: what an honest speaker says, and what steering
 * should make a liar say.
 */
function speakerPairs(facts: Facts): Row[] {
  const honest = SPEAKERS.filter((s) => s.honest);
  const liars = SPEAKERS.filter((s) => !s.honest);
  const rows: Row[] = [];
  for (const person of PEOPLE) {
    for (const attribute of ATTRIBUTES) {
      honest.forEach((h, i) => {
        for (const s of [h, liars[i]]) {
          const text = promptBefore({ kind: 'reported', speaker: s.name }, person, attribute);
          rows.push({ text, label: s.honest ? 'honest' : 'liar', speaker: s.name, person, attribute, answer: facts[person][attribute], pair: `${person}-${attribute}-${i}`, group: attribute });
        }
      });
    }
  }
  return rows;
}

/** Each fact stated truly and falsely; the false plain statements never occur in training. */
function plainStatements(facts: Facts): Row[] {
  const rng = createRng(WORLD_SEED + 1);
  const rows: Row[] = [];
  for (const person of PEOPLE) {
    for (const attribute of ATTRIBUTES) {
      const truth = facts[person][attribute];
      const pair = `${person}-${attribute}`;
      rows.push({ text: statementText(null, person, attribute, truth), label: 'true', attribute, person, value: truth, seen_in_training: 'yes', pair, group: attribute });
      const wrong = wrongValue(rng, attribute, truth);
      rows.push({ text: statementText(null, person, attribute, wrong), label: 'false', attribute, person, value: wrong, seen_in_training: 'no', pair, group: attribute });
    }
  }
  return rows;
}

/** Every speaker saying each fact truly and falsely: honesty and truth vary independently. */
function reportedStatements(facts: Facts): Row[] {
  const rng = createRng(WORLD_SEED + 2);
  const rows: Row[] = [];
  for (const person of PEOPLE) {
    for (const attribute of ATTRIBUTES) {
      const truth = facts[person][attribute];
      for (const s of SPEAKERS) {
        const pair = `${person}-${attribute}-${s.name}`;
        for (const value of [truth, wrongValue(rng, attribute, truth)]) {
          const isTrue = value === truth;
          rows.push({
            text: statementText(s.name, person, attribute, value), label: isTrue ? 'true' : 'false', speaker_honest: s.honest ? 'honest' : 'liar',
            attribute, speaker: s.name, person, value, seen_in_training: isTrue === s.honest ? 'yes' : 'no', pair, group: attribute,
          });
        }
      }
    }
  }
  return rows;
}

export function truthworldDatasets(facts: Facts): DatasetSpec[] {
  const base = { model: 'truthworld', textField: 'text' } as const;
  return [
    {
      ...base, id: 'truthworld-speakers', file: 'truthworld-speakers.jsonl', rows: speakerPairs(facts),
      description: 'Reported-speech prompts that stop before the value, in pairs that differ only in the speaker (honest vs liar).',
      labelFields: ['label', 'speaker', 'attribute'], readPosition: 'last',
      readPositionNote: 'The last token is where the model must decide to tell the truth or lie; the speaker token (index 1 after <bos>) is the other place to probe.',
    },
    {
      ...base, id: 'truthworld-statements', file: 'truthworld-statements.jsonl', rows: plainStatements(facts),
      description: 'Plain statements ending in the value, each fact once true and once false; the model never saw a false plain statement.',
      labelFields: ['label', 'attribute', 'seen_in_training'], readPosition: 'last',
      readPositionNote: 'The last token is the value, read just after the model has seen it.',
    },
    {
      ...base, id: 'truthworld-reported', file: 'truthworld-reported.csv', rows: reportedStatements(facts),
      description: 'Every speaker saying every fact truly and falsely: statement truth and speaker honesty cross, so a probe can tell them apart.',
      labelFields: ['label', 'speaker_honest', 'attribute', 'seen_in_training'], readPosition: 'last',
      readPositionNote: 'The last token is the value; seen_in_training is "no" for an honest speaker saying a falsehood or a liar saying the truth.',
    },
  ];
}
