// The prompt-file reader the page uses: in Node (no Web Workers) it falls back to this thread behind the
// same promise interface; a worker-shaped port gets the rows in slices and puts them back whole; a file's
// bytes are moved, not copied; a broken worker fails the files in flight and hands later ones to the page.
import { describe, expect, it } from 'vitest';
import { sha256Text } from '../../src/data/hash';
import { serializeSession } from '../../src/data/sessionFile';
import { defaultViewState } from '../../src/data/urlState';
import { createBrowserParser, createParseClient, mainThreadParser, type ParsePort } from '../../src/workers/parseClient';
import type { ParseInput, ParseOutcome } from '../../src/workers/parseJob';
import { respond, ROWS_PER_MESSAGE, type ParseRequest, type ParseResponse } from '../../src/workers/parseProtocol';

const CSV = 'text,label\nthe cat is here,animal\nthe car is here,machine\nthe dog is here,animal\n';
const bytesOf = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const fileInput = (text: string, name = 'set.csv'): ParseInput => ({ kind: 'file', name, bytes: bytesOf(text) });

function prompts(outcome: ParseOutcome) {
  if (outcome.kind !== 'prompts') throw new Error(`expected prompts, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** A port that answers as the worker does, cloning every message both ways as postMessage would. */
function workerLikePort(sent: { transfer: Transferable[]; responses: ParseResponse[] }): ParsePort {
  const port: ParsePort = {
    onmessage: null,
    onerror: null,
    postMessage(message: ParseRequest, transfer: Transferable[]) {
      sent.transfer.push(...transfer);
      const request = structuredClone(message, { transfer: transfer as Transferable[] });
      setTimeout(() => respond(request, (response) => {
        sent.responses.push(response);
        port.onmessage?.({ data: structuredClone(response) });
      }), 0);
    },
    terminate: () => undefined,
  };
  return port;
}

describe('createBrowserParser without Web Workers (Node)', () => {
  const parser = createBrowserParser();

  it('says it reads on the page, and reads a dropped file into prompts with its hash and UTF-8 size', async () => {
    expect(parser.fallbackReason).toBe('this browser has no Web Workers; prompt files are read on the page');
    const text = `${CSV}the café is here,place\n`;
    const outcome = prompts(await parser.parse(fileInput(text)));
    expect(outcome.text).toBe(text);
    expect(outcome.read.parsed.rows.map((r) => r.text)).toEqual(['the cat is here', 'the car is here', 'the dog is here', 'the café is here']);
    expect(outcome.read.contentHash).toBe(sha256Text(text));
    expect(outcome.read.utf8Bytes).toBe(text.length + 1);
  });

  it('lets rows with equal labels share one Map, so a clone rebuilds few of them', async () => {
    const rows = prompts(await parser.parse(fileInput(CSV))).read.parsed.rows;
    expect(rows[0].labels).toBe(rows[2].labels);
    expect(rows[0].labels).not.toBe(rows[1].labels);
    expect([...rows[1].labels]).toEqual([['label', 'machine']]);
  });

  it('refuses a binary file with the message the page shows', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await parser.parse({ kind: 'file', name: 'picture.png', bytes: png.buffer })).toEqual({
      kind: 'rejected', error: 'picture.png is not a prompt file: it looks like a PNG image; drop a .txt, .csv, .tsv or .jsonl file',
    });
  });

  it('reads a session and its dataset with the session\'s prompt column', async () => {
    const text = 'statement,truth\nsnow is white,true\ncoal is white,false\n';
    const view = { ...defaultViewState(), dataset: { kind: 'inline' as const, name: 'facts.csv', text, textColumn: 'statement' } };
    const outcome = await parser.parse({ kind: 'text', name: 'session.json', text: serializeSession(view, { name: 'facts.csv', text }) });
    if (outcome.kind !== 'session') throw new Error(`expected a session, got ${outcome.kind}`);
    expect(outcome.textColumn).toBe('statement');
    expect(outcome.dataset?.parsed.rows.map((r) => r.text)).toEqual(['snow is white', 'coal is white']);
    expect(outcome.dataset?.contentHash).toBe(sha256Text(text));
  });

  it('uses a set author\'s label columns when the file has them, else the detected ones', async () => {
    const text = 'text,label,topic\na,x,t\nb,y,u\n';
    const named = prompts(await parser.parse({ kind: 'text', name: 'set.csv', text, preferLabelColumns: ['topic'] }));
    expect(named.read.parsed.labelColumns).toEqual(['topic']);
    const missing = prompts(await parser.parse({ kind: 'text', name: 'set.csv', text, preferLabelColumns: ['colour'] }));
    expect(missing.read.parsed.labelColumns).toEqual(['label', 'topic']);
    expect(missing.text).toBeUndefined();
  });
});

describe('createParseClient over a worker port', () => {
  it('moves the file\'s bytes, receives the rows in slices and gives back the same outcome as the page\'s reader', async () => {
    const lines = ['text,label', ...Array.from({ length: 2 * ROWS_PER_MESSAGE + 5 }, (_, i) => `prompt ${i},${i % 3}`)];
    const text = `${lines.join('\n')}\n`;
    const sent = { transfer: [] as Transferable[], responses: [] as ParseResponse[] };
    const client = createParseClient(workerLikePort(sent));
    const input = fileInput(text);
    const outcome = prompts(await client.parse(input));
    expect(sent.transfer).toEqual([input.kind === 'file' && input.bytes]);
    expect((input as { bytes: ArrayBuffer }).bytes.byteLength).toBe(0);
    expect(sent.responses.map((r) => r.type)).toEqual(['rows', 'rows', 'rows', 'result']);
    expect(outcome.read.parsed.rows).toHaveLength(2 * ROWS_PER_MESSAGE + 5);
    expect(outcome).toEqual(prompts(await mainThreadParser().parse(fileInput(text))));
    expect(client.fallbackReason).toBeNull();
  });

  it('fails the files in flight when the worker breaks, then reads later ones on the page', async () => {
    const port: ParsePort = { onmessage: null, onerror: null, postMessage: () => undefined, terminate: () => undefined };
    const client = createParseClient(port);
    const inFlight = client.parse(fileInput(CSV));
    port.onerror?.({ message: 'script failed to load' });
    await expect(inFlight).rejects.toThrow('the parse worker failed (script failed to load); prompt files are read on the page; drop the file again');
    expect(client.fallbackReason).toBe('the parse worker failed (script failed to load); prompt files are read on the page');
    expect(prompts(await client.parse(fileInput(CSV))).read.parsed.rows).toHaveLength(3);
  });
});
