// The Causal tab's one action outside the view: reading an uploaded direction file. A file that cannot be
// used is refused with its reason, and the current direction and settings stay as they were.
import { MAX_DIRECTION_FILE_BYTES, parseDirectionFile } from '../data/directionFile';
import type { Store } from './store';

export async function openDirectionFile(store: Store, file: File): Promise<void> {
  const model = store.getState().engine.model;
  if (!model) {
    store.dispatch({ type: 'directionRejected', message: `${file.name}: load a model first; a direction must match its width` });
    return;
  }
  if (file.size > MAX_DIRECTION_FILE_BYTES) {
    store.dispatch({ type: 'directionRejected', message: `${file.name}: the file is ${file.size} bytes; a direction file holds at most ${MAX_DIRECTION_FILE_BYTES}` });
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    store.dispatch({ type: 'directionRejected', message: `${file.name}: could not read the file (${error instanceof Error ? error.message : String(error)})` });
    return;
  }
  const parsed = parseDirectionFile(bytes, file.name, { dModel: model.dModel, nLayers: model.nLayers });
  store.dispatch(parsed.ok ? { type: 'directionUploaded', direction: parsed.direction } : { type: 'directionRejected', message: parsed.error });
}
