// A model's files in the engine: a user's File (which crossed from the page as a handle) is read piece by
// piece, so the page never holds its bytes and the engine holds one tensor's bytes at a time beside the
// backend's copy. Progress counts the weight bytes read; errors name the file at fault and what to do.
import { prepareModel, uploadModel, type Model, type PreparedModel } from '../model/model';
import type { ByteSource } from '../model/weightSource';
import type { JobContext } from './jobContext';
import type { ModelFilesPayload } from './protocol';

/** The name a model's weights file goes by in progress and errors. */
export function weightsName(files: ModelFilesPayload): string {
  const w = files.weights;
  return typeof File !== 'undefined' && w instanceof File && w.name !== '' ? w.name : 'model.safetensors';
}

/** Byte ranges of a File or Blob, each read when asked for. */
export function blobSource(blob: Blob, name: string): ByteSource {
  return {
    size: blob.size,
    async read(begin, end) {
      try {
        return new Uint8Array(await blob.slice(begin, end).arrayBuffer());
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`${name}: could not be read (${why}); if the file changed on disk after it was picked, drop or pick it again`, { cause: error });
      }
    },
  };
}

/** The safetensors reader's "safetensors: …" messages, told with the file's own name. */
function named(error: unknown, name: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.startsWith('safetensors:')) return error instanceof Error ? error : new Error(message);
  return new Error(`${name}: ${message.slice('safetensors:'.length).trim()}`, { cause: error });
}

/** Checks the files completely (config, the whole header against the file's size, names, shapes, tokenizer) without reading a tensor. */
export async function prepareFiles(files: ModelFilesPayload, id: string, ctx: JobContext): Promise<PreparedModel> {
  const name = weightsName(files);
  const weights = files.weights instanceof Blob ? blobSource(files.weights, name) : files.weights;
  ctx.progress(`Checking ${name}`, 0, 0);
  try {
    return await prepareModel({ ...files, weights }, id);
  } catch (error) {
    throw named(error, name);
  }
}

/** Reads and uploads the prepared tensors one by one, with progress in bytes; a cancel stops it between tensors. */
export async function uploadPrepared(prepared: PreparedModel, files: ModelFilesPayload, ctx: JobContext): Promise<Model> {
  const name = weightsName(files);
  try {
    return await uploadModel(prepared, (done, total) => {
      ctx.progress(`Reading the weights in ${name}`, done, total);
      if (done < total) ctx.checkCancelled();
    });
  } catch (error) {
    throw named(error, name);
  }
}
