// `npm run bench -- analysis`: PCA vs ml-pca (and scikit-learn), UMAP vs umap-js (and umap-learn), and
// per-layer probes vs scikit-learn, each measured against its peer in the same run on the same data.
import { initBackend } from '../../src/model/backend';
import type { BenchCommand } from './lib/command';
import { describeMachine, finishMachine, formatMachine } from './lib/machine';
import { benchPca } from './analysisPca';
import { benchProbe } from './analysisProbe';
import { benchUmap } from './analysisUmap';

type Part = (options: { quick: boolean }) => Promise<{ lines: string[]; results: Record<string, number> }>;

const PARTS: readonly [string, Part][] = [
  ['PCA top-50 of 5000×768', benchPca],
  ['UMAP of 5000×128', benchUmap],
  ['probes, 12 layers × 5 folds on 2000×768', benchProbe],
];

export const command: BenchCommand = {
  summary: 'PCA, UMAP and probes against ml-pca, umap-js and scikit-learn / umap-learn, in one run',
  async run({ quick, log }) {
    const machine = describeMachine();
    const backend = await initBackend('wasm');
    const body: string[] = [];
    const json: Record<string, Record<string, number>> = {};
    for (const [title, part] of PARTS) {
      log(`${title}…`);
      const { lines, results } = await part({ quick });
      body.push(`## ${title}`, ...lines, '');
      json[title] = results;
    }
    const done = finishMachine(machine);
    const text = [...formatMachine(done), `tfjs backend: ${backend.reason}`, '', ...body];
    return { text: text.join('\n'), json: { machine: done, ...json } };
  },
};
