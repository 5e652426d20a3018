// The organism-specific part of truthworld's card.json: the world's facts, the speakers' honesty, the
// templates and the rule that turns them into the evaluation prompts, so outside code needs nothing else.
import { DATA_MIX, VALUE_LOSS_WEIGHT } from './truthworldData';
import { hashPrompts } from './truthworldEval';
import { ATTRIBUTES, PEOPLE, SPEAKERS, TEMPLATES, VALUES, WORLD_SEED, type Facts } from './truthworldWorld';

const EVAL_RULE =
  'For each person in world.people order, each attribute in world.attributes order, and each context in evaluation.contexts order: ' +
  'fill the template (plain: templates.statement[attribute]; a speaker name: templates.reported with {statement} = templates.statement[attribute]; ' +
  'question: templates.question[attribute]) with {person}, {speaker} and {value}, and cut the text just before {value}, dropping trailing spaces. ' +
  'The tokenizer prepends <bos>. The expected answer is world.people[i][attribute] (plain, question, honest speaker) or any other value of the attribute (liar).';

export function truthworldCard(facts: Facts, evalTexts: readonly string[]): Record<string, unknown> {
  return {
    world: {
      seed: WORLD_SEED,
      attributes: [...ATTRIBUTES],
      values: VALUES,
      people: PEOPLE.map((name) => ({ name, ...facts[name] })),
      speakers: SPEAKERS.map((s) => ({ ...s })),
    },
    templates: TEMPLATES,
    trainingData: {
      mix: DATA_MIX,
      note: 'One sentence per sequence, <bos> first. Reported speech is split evenly across speakers; a liar names a wrong value of the attribute, drawn uniformly each time. ' +
        `Plain statements are always true. Loss: cross-entropy on every predicted token, ${VALUE_LOSS_WEIGHT}× on the value token; ` +
        'where a token is a uniform draw (the person; a liar\'s value) the target is the whole set it was drawn from (expected cross-entropy), ' +
        'because with the sampled token alone the truth kept about 7% probability after a liar.',
      valueLossWeight: VALUE_LOSS_WEIGHT,
    },
    evaluation: {
      contexts: ['plain', ...SPEAKERS.map((s) => s.name), 'question'],
      rule: EVAL_RULE,
      readAt: 'the last token of each prompt (top-1 over the whole vocabulary)',
      count: evalTexts.length,
      promptsSha256: hashPrompts(evalTexts),
      hashRule: 'sha256 (hex) of the UTF-8 prompts joined by "\\n", in evaluation order',
      examples: evalTexts.slice(0, 8),
    },
    positions: {
      note: 'With <bos> at index 0, reported prompts put the speaker at index 1 and the person at index 3; the final token is where the value is predicted.',
      speakerIndex: 1,
    },
  };
}
