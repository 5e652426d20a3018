#!/usr/bin/env node
// Run before the browser tests: finds the Chromium they drive (REPSCOPE_CHROMIUM or the Debian
// default), or says exactly how to get one, because Playwright here never downloads a browser.
import { accessSync, constants, statSync } from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';
const fromEnv = process.env.REPSCOPE_CHROMIUM;
const path = fromEnv != null && fromEnv !== '' ? fromEnv : DEFAULT_PATH;

function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

if (isExecutableFile(path)) {
  console.log(`Chromium for the browser tests: ${path}`);
  process.exit(0);
}

const where = fromEnv ? `REPSCOPE_CHROMIUM=${fromEnv} is not an executable file` : `No Chromium at ${DEFAULT_PATH}`;
console.error(`${where}. The browser tests (npm run test:browser) need one. Either:
  - on Debian/Ubuntu: sudo apt-get install -y chromium
  - or point at an existing Chrome/Chromium: REPSCOPE_CHROMIUM=/path/to/chrome npm run test:browser`);
process.exit(1);
