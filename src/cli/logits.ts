// `repscope logits`: the logits at every position of one prompt, saved as float32 [n_tokens, vocab].
import path from 'node:path';
import { runModel } from '../model/cache';
import { requiredFlag } from './args';
import { GLOBAL_HELP, MODEL_HELP, formatShape, withModel, writeNpyFile, type Command } from './command';
import { singlePrompt } from './prompts';
import { displayPath } from './resolveModel';

export const logitsCommand: Command = {
  name: 'logits',
  summary: 'save the logits of one prompt as .npy [n_tokens, vocab]',
  help: `Usage: repscope logits MODEL (--text STR | --ids 1,2,3) --out FILE.npy

Runs the model on one prompt and writes its logits at every position to FILE.npy
(float32, C order, shape [n_tokens, vocab]).

Options:
  --text STR     the prompt as text (needs a tokenizer)
  --ids 1,2,3    the prompt as token ids
  --out FILE     the .npy file to write

${MODEL_HELP}

${GLOBAL_HELP}`,
  flags: { text: 'string', ids: 'string', out: 'string' },
  async run(args, io) {
    const out = path.resolve(io.cwd, requiredFlag(args, 'out', 'FILE.npy (where to write the logits)'));
    await withModel(args, io, 'logits', async (model) => {
      const prompt = singlePrompt(args, model);
      const { logits } = await runModel(model, [prompt.ids], { logits: 'all' });
      const shape = logits!.shape.slice(1); // [1, n_tokens, vocab] → [n_tokens, vocab]
      await writeNpyFile(out, logits!.data, shape, io);
      io.stdout(`wrote ${displayPath(out, io.cwd)} float32 ${formatShape(shape)}\n`);
    });
  },
};
