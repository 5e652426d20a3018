// The installed entry point: package.json's bin runs scripts/repscope.mjs as a real process, with the
// real streams and exit status.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_FIXTURES, REPO_ROOT } from './harness';

const BIN = path.join(REPO_ROOT, 'scripts', 'repscope.mjs');

function repscope(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('scripts/repscope.mjs', () => {
  it('is the package bin and runs a command end to end with exit status 0', () => {
    expect(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).bin.repscope).toBe('scripts/repscope.mjs');
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(BIN).mode & 0o111).toBe(0o111); // executable, so npm can link it as a command
    const model = path.relative(REPO_ROOT, path.join(ENGINE_FIXTURES, 'f32'));
    const run = repscope(['generate', model, '--ids', '187,947,909,367,254', '--max-new', '5', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).ids).toEqual([734, 734, 734, 734, 734]);
  });

  it('exits with status 2 and one error line on failure', () => {
    const run = repscope(['info', 'no-such-model']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: unknown model "no-such-model"[^\n]*\n$/);
  });
});
