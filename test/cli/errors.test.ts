// Every failure the CLI reports: exit status 2, nothing on stdout, one stderr line starting "error:"
// that says what is wrong (and, for usage errors, where the help is). No stack trace unless --debug.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_FIXTURES, WORD_TOKENIZER, expectCliError, modelDir, removeDir, runCli, tempDir } from './harness';

const F32 = path.join(ENGINE_FIXTURES, 'f32');
const IDS = ['--ids', '187,947,909,367,254'];

let tmp: string;
let out: string;
beforeAll(async () => {
  tmp = await tempDir();
  out = path.join(tmp, 'out.npy');
});
afterAll(() => removeDir(tmp));

async function brokenModel(name: string, files: Record<string, unknown>): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(dir);
  return modelDir(dir, 'f32', files);
}

describe('repscope reports a bad MODEL', () => {
  it('names a model path that does not exist', async () => {
    expectCliError(await runCli(['logits', 'test/fixtures/no-such-dir', ...IDS, '--out', out]), 'model path "test/fixtures/no-such-dir" does not exist');
  });

  it('names an unknown model id and lists the built-in ones', async () => {
    expectCliError(await runCli(['info', 'no-such-model']), 'unknown model "no-such-model"', 'built-in model');
  });

  it('says which file is missing from a model directory', async () => {
    const dir = path.join(tmp, 'empty-model');
    await mkdir(dir);
    expectCliError(await runCli(['info', dir]), 'has no config.json');
  });

  it('says that config.json is not valid JSON', async () => {
    const dir = await brokenModel('bad-config', { 'config.json': '{"n_layer": 3,' });
    expectCliError(await runCli(['logits', dir, ...IDS, '--out', out]), 'config.json is not valid JSON');
  });

  it('reports a config that is JSON but not a GPT-2 config', async () => {
    const dir = await brokenModel('wrong-config', { 'config.json': { n_layer: 3 } });
    expectCliError(await runCli(['info', dir]), 'cannot load model', 'missing n_head, n_embd, vocab_size');
  });

  it('reports truncated safetensors weights, for info and for loading', async () => {
    const bytes = new Uint8Array(await readFile(path.join(F32, 'model.safetensors')));
    const dir = await brokenModel('truncated', { 'model.safetensors': bytes.subarray(0, bytes.length - 100) });
    expectCliError(await runCli(['logits', dir, ...IDS, '--out', out]), 'cannot load model', 'safetensors:');
    expectCliError(await runCli(['info', dir]), 'safetensors:');
  });

  it('reports a safetensors file whose header is garbage', async () => {
    const garbage = new Uint8Array(64).fill(0xff);
    const dir = await brokenModel('garbage', { 'model.safetensors': garbage });
    expectCliError(await runCli(['generate', dir, ...IDS, '--max-new', '2']), 'cannot load model', 'safetensors:');
  });

  it('needs config.json beside a .safetensors file', async () => {
    const file = path.join(tmp, 'lonely.safetensors');
    await writeFile(file, await readFile(path.join(F32, 'model.safetensors')));
    expectCliError(await runCli(['info', file]), 'no config.json beside it');
  });
});

describe('repscope reports bad options', () => {
  it('rejects an unknown hook, a layer past the last, and a pattern that matches nothing', async () => {
    const cache = (hooks: string) => runCli(['cache', F32, ...IDS, '--hooks', hooks, '--out', tmp]);
    expectCliError(await cache('blocks.0.hook_nope'), 'unknown hook "blocks.0.hook_nope"');
    expectCliError(await cache('blocks.7.hook_resid_post'), 'layer 7 does not exist', '3 layers');
    expectCliError(await cache('blocks.*.hook_nope'), 'pattern "blocks.*.hook_nope" matches no hook');
  });

  it('rejects a bad --position before loading the model', async () => {
    const run = await runCli(['cache', F32, ...IDS, '--hooks', 'hook_embed', '--position', 'middle', '--out', tmp]);
    expectCliError(run, '--position must be all, last, mean or a token index', '"middle"', 'repscope help cache');
  });

  it('rejects a --position index outside the prompt', async () => {
    const run = await runCli(['cache', F32, ...IDS, '--hooks', 'hook_embed', '--position', '-6', '--out', tmp]);
    expectCliError(run, '--position -6 is outside prompt 1, which has 5 tokens');
  });

  it('rejects token ids outside the vocabulary, and ids that are not numbers', async () => {
    expectCliError(await runCli(['logits', F32, '--ids', '1,5000', '--out', out]), 'token id 5000 is outside the model\'s vocabulary (ids 0–1030)');
    expectCliError(await runCli(['logits', F32, '--ids', '1,x', '--out', out]), '--ids: "x" is not a token id');
  });

  it('rejects an unknown flag with a hint to the command help', async () => {
    expectCliError(await runCli(['logits', F32, ...IDS, '--out', out, '--bogus', '1']), 'unknown option --bogus for "repscope logits"', 'see "repscope help logits"');
  });

  it('needs --out', async () => {
    expectCliError(await runCli(['logits', F32, ...IDS]), 'missing --out');
    expectCliError(await runCli(['cache', F32, ...IDS, '--hooks', 'hook_embed']), 'missing --out');
  });

  it('says a text prompt needs a tokenizer', async () => {
    expectCliError(await runCli(['logits', F32, '--text', 'hello', '--out', out]), 'this model has no tokenizer; pass --ids');
    expectCliError(await runCli(['generate', F32, '--text', 'hello', '--max-new', '3']), 'this model has no tokenizer; pass --ids');
  });

  it('needs exactly one way of giving the prompt', async () => {
    expectCliError(await runCli(['logits', F32, '--out', out]), 'exactly one of --text STR or --ids');
    expectCliError(await runCli(['cache', F32, ...IDS, '--text', 'x', '--hooks', 'hook_embed', '--out', tmp]), 'exactly one of --text STR, --ids 1,2,3 or --prompts FILE');
  });

  it('rejects a bad --backend, --max-new and --temperature', async () => {
    expectCliError(await runCli(['logits', F32, ...IDS, '--out', out, '--backend', 'webgl']), '--backend must be wasm or cpu');
    expectCliError(await runCli(['generate', F32, ...IDS]), 'missing --max-new');
    expectCliError(await runCli(['generate', F32, ...IDS, '--max-new', '-1']), '--max-new must be a non-negative integer');
    expectCliError(await runCli(['generate', F32, ...IDS, '--max-new', '2', '--temperature', 'hot']), '--temperature must be a number');
  });

  it('rejects a prompt longer than the context', async () => {
    const ids = Array.from({ length: 65 }, (_, i) => i).join(',');
    expectCliError(await runCli(['logits', F32, '--ids', ids, '--out', out]), 'has 65 tokens, more than the model\'s context length of 64');
  });
});

describe('repscope reports bad prompt files', () => {
  async function cacheWith(name: string, body: string, position = 'last') {
    const file = path.join(tmp, name);
    await writeFile(file, body);
    const dir = await brokenModel(`tok-${name}`, { 'tokenizer.json': WORD_TOKENIZER });
    return runCli(['cache', dir, '--prompts', file, '--hooks', 'hook_embed', '--position', position, '--out', path.join(tmp, 'o')]);
  }

  it('names the line of a bad JSONL record', async () => {
    expectCliError(await cacheWith('bad.jsonl', '{"text": "the cat"}\n{"text": \n'), 'bad.jsonl line 2: not valid JSON');
  });

  it('names the line of a CSV row with the wrong number of fields, and an unclosed quote', async () => {
    expectCliError(await cacheWith('bad.csv', 'text,label\nthe cat,1\nthe dog,0,extra\n'), 'bad.csv line 3: expected 2 fields');
    expectCliError(await cacheWith('open.csv', 'text,label\n"the cat,1\n'), 'open.csv line 2: a quoted field is never closed');
  });

  it('needs a text column in a CSV header', async () => {
    expectCliError(await cacheWith('nohead.csv', 'sentence,label\nthe cat,1\n'), 'needs a column named text, prompt, statement');
  });

  it('refuses unknown extensions, missing files and too many prompts', async () => {
    expectCliError(await cacheWith('prompts.tsv', 'the cat\n'), 'unsupported prompt file type');
    const dir = await brokenModel('tok-missing', { 'tokenizer.json': WORD_TOKENIZER });
    expectCliError(await runCli(['cache', dir, '--prompts', path.join(tmp, 'nope.txt'), '--hooks', 'hook_embed', '--out', tmp]), 'cannot read prompt file', 'no such file');
    expectCliError(await cacheWith('many.txt', 'the cat\n'.repeat(10_001)), '10001 prompts is more than the limit of 10000');
  });

  it('refuses --position all for prompts of unequal length', async () => {
    expectCliError(await cacheWith('uneven.txt', 'the cat\nthe cat sat\n', 'all'), '--position all needs prompts of equal length', '2 to 3 tokens');
  });

  it('says a text prompt file needs a tokenizer', async () => {
    const file = path.join(tmp, 'plain.txt');
    await writeFile(file, 'the cat\n');
    expectCliError(await runCli(['cache', F32, '--prompts', file, '--hooks', 'hook_embed', '--out', tmp]), 'this model has no tokenizer; pass --ids');
  });
});

describe('repscope reports usage errors', () => {
  it('without a command, with an unknown command, and without MODEL', async () => {
    expectCliError(await runCli([]), 'no command given', 'see "repscope --help"');
    expectCliError(await runCli(['frobnicate']), 'unknown command "frobnicate"; commands are info, logits, cache, generate');
    expectCliError(await runCli(['info']), '"repscope info" needs MODEL');
    expectCliError(await runCli(['help', 'frobnicate']), 'unknown command "frobnicate"');
  });

  it('shows a stack trace only with --debug', async () => {
    const run = await runCli(['info', 'no-such-model', '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^error: unknown model/);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});
