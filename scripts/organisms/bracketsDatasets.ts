// brackets' built-in prompt sets: whole sequences with the depth of every token, and every prefix of some of
// them read at its last token, labelled with that token's depth and the innermost open bracket.
import { createRng } from '../../src/data/random';
import type { DatasetSpec } from './types';
import { depthsOf, fixedSequences, innermostOf, sequenceText } from './bracketsTask';

export const DATASET_SEED = 777;
const SEQUENCES = 300;
/** Prefix rows come from the first this-many sequences: about 2,500 rows, enough for a depth probe. */
const PREFIX_SEQUENCES = 120;

type Row = DatasetSpec['rows'][number];

function sequenceRows(sequences: readonly string[][]): Row[] {
  return sequences.map((tokens, i) => {
    const depths = depthsOf(tokens);
    return { text: sequenceText(tokens), max_depth: Math.max(...depths), depths: depths.join(' '), length: tokens.length, sequence: i };
  });
}

function prefixRows(sequences: readonly string[][]): Row[] {
  return sequences.flatMap((tokens, i) => {
    const depths = depthsOf(tokens);
    const inner = innermostOf(tokens);
    return tokens.map((token, t) => ({
      text: sequenceText(tokens.slice(0, t + 1)), depth: depths[t], innermost: inner[t], token,
      next: tokens[t + 1] ?? 'end', position: t + 1, sequence: i,
    }));
  });
}

export function bracketsDatasets(): DatasetSpec[] {
  const sequences = fixedSequences(createRng(DATASET_SEED), SEQUENCES);
  const base = { model: 'brackets', textField: 'text' } as const;
  return [
    {
      ...base, id: 'brackets-sequences', file: 'brackets-sequences.jsonl', rows: sequenceRows(sequences),
      description: 'Balanced sequences of ( ) and [ ] with the nesting depth after every token (depths: one number per token, space-separated).',
      labelFields: ['max_depth', 'length', 'depths'], readPosition: 'mean',
      readPositionNote: 'Token-level labels: read every position and pair token i of the text (index i+1 after <bos>) with the i-th number of ' +
        'depths. Read at the mean for sequence-level labels (max_depth); the last token of a balanced sequence always has depth 0.',
    },
    {
      ...base, id: 'brackets-prefixes', file: 'brackets-prefixes.jsonl', rows: prefixRows(sequences.slice(0, PREFIX_SEQUENCES)),
      description: 'Every prefix of the first sequences of brackets-sequences, labelled with the depth after its last token (a regression target) ' +
        'and the innermost open bracket there (what the next closer must match).',
      labelFields: ['depth', 'innermost', 'token'], readPosition: 'last',
      readPositionNote: 'The last token is the one whose depth is the label; the model must know depth and innermost there to predict the next closer.',
    },
  ];
}
