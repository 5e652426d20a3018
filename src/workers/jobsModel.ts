// Jobs about the model itself: choosing the backend, loading (and re-uploading) weights, tokenizing
// prompts for the preview, next-token predictions for the Engine panel, and tensor counts for tests.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../model/backend';
import { runModel } from '../model/cache';
import { loadModel } from '../model/model';
import type { BackendPreference } from '../data/urlState';
import type { BackendInfo, EncodedPrompt, JobMap, JobResult, ModelInfo } from './protocol';
import { modelInfo, requireModel, unloadModel, type EngineSession } from './session';
import { readIndexOf, tokenSpans } from './tokenSpans';

type Args<K extends keyof JobMap> = JobMap[K]['job'];

async function selectBackend(session: EngineSession, choice: BackendPreference): Promise<BackendInfo> {
  const report = await initBackend(choice, session.backendOptions);
  session.backend = { requested: choice, chosen: report.chosen, reason: report.reason };
  return session.backend;
}

/** Uploads the held files to the current backend (the old weights must already be freed). */
async function uploadHeld(session: EngineSession, id: string): Promise<ModelInfo> {
  session.model = await loadModel(session.files!, id);
  return modelInfo(session.model);
}

export async function loadModelJob(session: EngineSession, job: Args<'loadModel'>): Promise<JobResult<'loadModel'>> {
  unloadModel(session);
  const backend = session.backend?.requested === job.backend ? session.backend : await selectBackend(session, job.backend);
  session.files = job.files;
  try {
    return { model: await uploadHeld(session, job.id), backend };
  } catch (error) {
    session.files = null;
    throw error;
  }
}

/** Switches backend; a loaded model is freed first and uploaded again to the new one. */
export async function backendJob(session: EngineSession, job: Args<'backend'>): Promise<JobResult<'backend'>> {
  const id = session.model?.id ?? null;
  unloadModel(session);
  const backend = await selectBackend(session, job.choice);
  const model = id !== null && session.files ? await uploadHeld(session, id) : null;
  return { backend, model };
}

export async function encodeJob(session: EngineSession, job: Args<'encode'>): Promise<JobResult<'encode'>> {
  const model = requireModel(session);
  const tokenizer = model.tokenizer;
  if (!tokenizer) throw new Error(`${model.id} has no tokenizer, so it cannot read text prompts`);
  const prompts = job.prompts.map((text): EncodedPrompt => {
    const enc = tokenizer.encode(text);
    const tokens = enc.tokens.map((t) => t.text);
    const readIndex = readIndexOf(job.position, tokens.length);
    const spans = tokenSpans(text, tokens, new Map(enc.unknown.map((u) => [u.index, u.text])));
    return { ids: enc.ids, tokens, unknown: enc.unknown.map((u) => u.index), readIndex, readSpan: readIndex === null ? null : spans[readIndex] };
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
