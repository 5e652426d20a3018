// The organism-specific part of brackets' card.json: the grammar, the depth convention, and the evaluation
// sequences themselves with the scoring rule, so an outside script needs nothing else to re-score the model.
import { BRACKETS_TARGETS, DEEP, EVAL_SEED, hashTexts } from './bracketsEval';
import { CLOSERS, MAX_DEPTH, MAX_PAIRS, OPENERS, OPEN_PROB_RANGE } from './bracketsTask';

const SCORING_RULE =
  'Each sequence is tokenised by whitespace with <bos> prepended; the logits at index t (0 = <bos>) predict token t+1. ' +
  'Let depth_t be the open brackets after index t and inner_t the innermost one. closer_top1: over every index t whose next token is a closer, ' +
  'the share where that closer\'s logit beats the other closer\'s. valid_top1: over every index t with a next token, the share where the ' +
  `top-1 token over the whole vocabulary is an opener (allowed when depth_t < ${MAX_DEPTH}) or the closer of inner_t (when depth_t > 0). ` +
  `deep_closer_top1: closer_top1 restricted to depth_t ≥ ${DEEP}. closer_prob: mean softmax weight of the right closer against the two closers.`;

export function bracketsCard(evalTexts: readonly string[]): Record<string, unknown> {
  return {
    grammar: {
      openers: [...OPENERS], closers: [...CLOSERS], maxDepth: MAX_DEPTH, maxPairs: MAX_PAIRS, maxTokens: 2 * MAX_PAIRS,
      sampling: `pairs uniform in 1..${MAX_PAIRS}; each sequence draws an open probability uniform in [${OPEN_PROB_RANGE.join(', ')}]; ` +
        `opening is forced at depth 0, closing at depth ${MAX_DEPTH} or when the remaining tokens only just close everything; opener kinds are uniform.`,
      trainingData: 'One balanced sequence per training example, loss on every token after <bos>.',
    },
    depth: {
      definition: 'depth of a token = brackets opened and not yet closed once the token is read (an opener at depth d has depth d+1, its closer d); <bos> has depth 0',
      example: { text: '( [ ] ) [ ]', depths: [1, 2, 1, 0, 1, 0] },
    },
    evaluation: {
      seed: EVAL_SEED, count: evalTexts.length, sequences: [...evalTexts],
      textsSha256: hashTexts(evalTexts), hashRule: 'sha256 (hex) of the UTF-8 sequences joined by "\\n", in order',
      rule: SCORING_RULE, metrics: BRACKETS_TARGETS.map((t) => t.metric),
      readAt: 'every position of each sequence (all logits), not only the last',
    },
  };
}
