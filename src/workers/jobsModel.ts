// Jobs about the model itself: choosing the backend, loading (and re-uploading) weights, tokenizing
// prompts for the preview, next-token predictions for the Engine panel, and tensor counts for tests.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../model/backend';
import { runModel } from '../model/cache';
import type { BackendPreference } from '../data/urlState';
import { quietContext, type JobContext } from './jobContext';
import { prepareFiles, uploadPrepared } from './modelLoad';
import type { BackendInfo, EncodedPrompt, JobMap, JobResult, ModelInfo, RememberedBackend } from './protocol';
import { modelInfo, requireModel, unloadModel, type EngineSession } from './session';
import { readIndexOf, tokenSpans } from './tokenSpans';

type Args<K extends keyof JobMap> = JobMap[K]['job'];

async function selectBackend(session: EngineSession, choice: BackendPreference, remembered: RememberedBackend | null = null): Promise<BackendInfo> {
  const report = await initBackend(choice, session.backendOptions, remembered);
  session.backend = { requested: choice, chosen: report.chosen, reason: report.reason };
  if (report.timings !== undefined) session.backend.timings = report.timings;
  return session.backend;
}

/** Uploads the held files to the current backend (the old weights must already be freed). */
export async function uploadHeld(session: EngineSession, id: string, ctx: JobContext = quietContext()): Promise<ModelInfo> {
  const files = session.files!;
  session.model = await uploadPrepared(await prepareFiles(files, id, ctx), files, ctx);
  return modelInfo(session.model);
}

/**
 * Loads a model. The current one stays loaded and usable while the new files are read and checked, and
 * when they fail; it is freed just before the upload (so two models never share the backend's memory).
 */
export async function loadModelJob(session: EngineSession, job: Args<'loadModel'>, ctx: JobContext = quietContext()): Promise<JobResult<'loadModel'>> {
  if (session.backend?.requested !== job.backend) {
    unloadModel(session);
    session.files = null;
    await selectBackend(session, job.backend, job.remembered ?? null);
  }
  const backend = session.backend!;
  const prepared = await prepareFiles(job.files, job.id, ctx);
  const previous = session.model ? { id: session.model.id, files: session.files } : null;
  unloadModel(session);
  try {
    session.model = await uploadPrepared(prepared, job.files, ctx);
  } catch (error) {
    session.files = previous?.files ?? null;
    if (previous && session.files) await uploadHeld(session, previous.id).catch(() => (session.files = null));
    throw error;
  }
  session.files = job.files;
  return { model: modelInfo(session.model), backend };
}

/** Switches backend; a loaded model is freed first and uploaded again to the new one. */
export async function backendJob(session: EngineSession, job: Args<'backend'>, ctx: JobContext = quietContext()): Promise<JobResult<'backend'>> {
  const id = session.model?.id ?? null;
  unloadModel(session);
  const backend = await selectBackend(session, job.choice);
  const model = id !== null && session.files ? await uploadHeld(session, id, ctx) : null;
  return { backend, model };
}

export async function encodeJob(session: EngineSession, job: Args<'encode'>): Promise<JobResult<'encode'>> {
  const model = requireModel(session);
  const tokenizer = model.tokenizer;
  if (!tokenizer) throw new Error(`${model.id} has no tokenizer, so it cannot read text prompts`);
  // What the tokenizer adds to any text (a <bos>) is what it gives for no text.
  const textStart = tokenizer.encode('').ids.length;
  const prompts = job.prompts.map((text): EncodedPrompt => {
    const enc = tokenizer.encode(text);
    const tokens = enc.tokens.map((t) => t.text);
    const readIndex = readIndexOf(job.position, tokens.length);
    const spans = tokenSpans(text, tokens, new Map(enc.unknown.map((u) => [u.index, u.text])));
    return { ids: enc.ids, tokens, unknown: enc.unknown.map((u) => u.index), textStart, spans, readIndex, readSpan: readIndex === null ? null : spans[readIndex] };
  });
  return { prompts };
}

/** Softmax of one logit row, then the k most likely ids (ties by id). */
function topK(row: Float32Array, k: number): { id: number; prob: number }[] {
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  const order = Array.from(row.keys()).sort((a, b) => row[b] - row[a] || a - b).slice(0, k);
  return order.map((id) => ({ id, prob: Math.exp(row[id] - max) / sum }));
}

export async function predictJob(session: EngineSession, job: Args<'predict'>): Promise<JobResult<'predict'>> {
  const model = requireModel(session);
  const tokenizer = model.tokenizer;
  if (!tokenizer) throw new Error(`${model.id} has no tokenizer, so it cannot read text`);
  const enc = tokenizer.encode(job.text);
  const tokens = enc.tokens.map((t) => ({ id: t.id, text: t.text }));
  const unknown = enc.unknown.map((u) => u.index);
  if (enc.ids.length === 0) return { tokens, unknown, top: [] };
  const { logits } = await runModel(model, [enc.ids.slice(-model.config.nCtx)], { logits: 'last' });
  const top = topK(logits!.data, job.k).map((t) => ({ ...t, text: tokenizer.tokenText(t.id) }));
  return { tokens, unknown, top };
}

export async function memoryJob(): Promise<JobResult<'memory'>> {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}
