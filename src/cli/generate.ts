// `repscope generate`: continues one prompt, greedily by default or by seeded sampling.
import { generate } from '../model/generate';
import { booleanFlag, parseInteger, parseNonNegative, requiredFlag, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, MODEL_HELP, withModel, type Command } from './command';
import { decodeIds, singlePrompt } from './prompts';

interface SamplingOptions {
  maxNewTokens: number;
  temperature: number;
  topK?: number;
  seed: number;
}

function samplingOptions(args: ParsedArgs): SamplingOptions {
  const maxNewTokens = parseInteger(requiredFlag(args, 'max-new', 'N (how many tokens to generate)'), '--max-new');
  const temperature = parseNonNegative(stringFlag(args, 'temperature') ?? '0', '--temperature');
  const topKText = stringFlag(args, 'top-k');
  const topK = topKText === undefined ? undefined : parseInteger(topKText, '--top-k');
  const seed = parseInteger(stringFlag(args, 'seed') ?? '0', '--seed');
  return { maxNewTokens, temperature, seed, ...(topK === undefined || topK === 0 ? {} : { topK }) };
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'continue one prompt (greedy, or sampled with --temperature)',
  help: `Usage: repscope generate MODEL (--text STR | --ids 1,2,3) --max-new N [options]

Prints the continuation of the prompt: its text, or its token ids when the model has no
tokenizer (ids past the tokenizer's vocabulary show as [id N]). With --json, prints one JSON
object with the prompt ids, the new ids, the text and why generation stopped.

Options:
  --text STR         the prompt as text (needs a tokenizer)
  --ids 1,2,3        the prompt as token ids
  --max-new N        how many new tokens, at most (stops early at the context length)
  --temperature T    0 (default) is greedy decoding; above 0 samples
  --top-k K          sample among the K most likely tokens only (default: all)
  --seed S           seed of the sampler (default 0)
  --json             print JSON instead of text

${MODEL_HELP}

${GLOBAL_HELP}`,
  flags: { text: 'string', ids: 'string', 'max-new': 'string', temperature: 'string', 'top-k': 'string', seed: 'string', json: 'boolean' },
  async run(args, io) {
    const options = samplingOptions(args);
    await withModel(args, io, 'generate', async (model) => {
      const prompt = singlePrompt(args, model);
      const result = await generate(model, [prompt.ids], options);
      const ids = result.tokens[0];
      const text = decodeIds(model, ids);
      if (result.message !== null) io.stderr(`note: ${result.message}\n`);
      if (booleanFlag(args, 'json')) {
        io.stdout(`${JSON.stringify({ promptIds: prompt.ids, ids, text, stopped: result.stopped[0] })}\n`);
      } else {
        io.stdout(`${text ?? ids.join(' ')}\n`);
      }
    });
  },
};
