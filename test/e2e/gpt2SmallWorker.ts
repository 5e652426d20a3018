// Builds the seeded GPT-2-small-shaped model.safetensors off the page's thread and hands the File back
// (a handle, not a copy), so the page's memory shows only what the app itself holds. Chromium pulls a new
// blob's bytes from the context that made it after the constructor returns, so the last byte is read
// (which waits for the whole blob) before the File is posted, and the test ends this worker only at the end.
import { gpt2SmallFile } from './gpt2SmallCheckpoint';

const scope = self as unknown as { onmessage: ((e: MessageEvent<{ seed: number }>) => void) | null; postMessage(v: unknown): void };
scope.onmessage = async (e) => {
  const file = gpt2SmallFile(e.data.seed);
  await file.slice(file.size - 1).arrayBuffer();
  scope.postMessage(file);
};
