// The layering rules of ARCHITECTURE.md §3 fire: each folder is linted with an import it must not make.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: root + file });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering lint rules', () => {
  it.each([
    ['src/ui/components/X.tsx', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", /ui\/ reads state/],
    ['src/ui/components/X.tsx', "import { runModel } from '../../model/cache';\nexport const x = runModel;\n", /ui\/ reads state/],
    ['src/analysis/x.ts', "import { useState } from 'react';\nexport const x = useState;\n", /analysis\/ is pure numerics/],
    ['src/data/x.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", /data\/ is pure/],
    ['src/model/x.ts', "import { App } from '../app/App';\nexport const x = App;\n", /model\/ imports tfjs/],
    ['src/model/x.ts', "import { readNpy } from '../data/npy';\nexport const x = readNpy;\n", /model\/ imports tfjs, data\/types and data\/random only/],
    ['src/workers/x.ts', "import { App } from '../app/App';\nexport const x = App;\n", /workers\/ import model/],
  ])('rejects in %s: %s', async (file, source, message) => {
    const messages = await restricted(file, source);
    expect(messages.length).toBe(1);
    expect(messages[0]).toMatch(message);
  });

  it('allows the imports each layer may make', async () => {
    expect(await restricted('src/model/x.ts', "import type { Matrix } from '../data/types';\nimport * as tf from '@tensorflow/tfjs';\nexport type M = Matrix;\nexport const t = tf;\n")).toEqual([]);
    expect(await restricted('src/app/x.ts', "import { runModel } from '../model/cache';\nexport const x = runModel;\n")).toEqual([]);
    expect(await restricted('src/analysis/x.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n")).toEqual([]);
  });
});
