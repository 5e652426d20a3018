// The engine handler on the main thread with the shipped truthworld model loaded, plus the speaker dataset
// and each person's true attributes from the model card, for the causal job tests.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createEngineClient, type EngineClient } from '../../src/workers/client';
import { mainThreadPort } from '../../src/workers/mainThread';

const root = fileURLToPath(new URL('../../public/', import.meta.url));
const json = async (file: string) => JSON.parse(await readFile(`${root}${file}`, 'utf8'));

export interface SpeakerRow {
  text: string;
  label: 'honest' | 'liar';
  person: string;
  attribute: string;
  /** Rows sharing a pair id differ only in the speaker: one honest, one liar. */
  pair: string;
}

export interface Truthworld {
  client: EngineClient;
  rows: SpeakerRow[];
  /** People's names in card order (the first 20 fit directions, the rest are held out). */
  names: string[];
  /** The true value of a row's question, e.g. mia's city. */
  truth: (row: SpeakerRow) => string;
  tensors: () => Promise<number>;
}

export async function truthworldEngine(): Promise<Truthworld> {
  const card = await json('models/truthworld/card.json');
  const files = {
    config: await json('models/truthworld/config.json'),
    weights: new Uint8Array(await readFile(`${root}models/truthworld/model.safetensors`)),
    tokenizer: await json('models/truthworld/tokenizer.json'),
    card,
  };
  const client = createEngineClient(mainThreadPort({ batchSize: 64 }), false);
  await client.run({ kind: 'loadModel', id: 'truthworld', files, backend: 'wasm' }).promise;
  const people = new Map<string, Record<string, string>>(card.world.people.map((p: Record<string, string>) => [p.name, p]));
  const rows: SpeakerRow[] = (await readFile(`${root}datasets/truthworld-speakers.jsonl`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  return {
    client,
    rows,
    names: [...people.keys()],
    truth: (row) => people.get(row.person)![row.attribute],
    tensors: async () => (await client.run({ kind: 'memory' }).promise).numTensors,
  };
}
