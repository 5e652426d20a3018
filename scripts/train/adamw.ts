// AdamW (decoupled weight decay) over tf.Variables, with global-norm gradient clipping. Written out rather
// than tf.train.adam so that epsilon is explicit and decay skips biases and LayerNorm parameters.
import * as tf from '@tensorflow/tfjs';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

export interface AdamW {
  /** Applies one update from `grads` (name → gradient) at learning rate `lr`. Call inside tf.tidy. */
  apply(grads: Record<string, tf.Tensor>, lr: number): void;
  dispose(): void;
}

/**
 * `decayed` names the variables that get weight decay (the 2-D weight matrices); the rest only move
 * with the gradient. Moments start at zero; step counts from 1 for the bias correction.
 */
export function createAdamW(vars: ReadonlyMap<string, tf.Variable>, decayed: ReadonlySet<string>, o: AdamWOptions): AdamW {
  const m = new Map<string, tf.Variable>();
  const v = new Map<string, tf.Variable>();
  const zeros = (w: tf.Tensor, name: string) => {
    const z = tf.zerosLike(w);
    const slot = tf.variable(z, false, name);
    z.dispose(); // the variable holds its own reference to the data
    return slot;
  };
  for (const [name, w] of vars) {
    m.set(name, zeros(w, `${name}/m`));
    v.set(name, zeros(w, `${name}/v`));
  }
  let t = 0;
  return {
    apply(grads, lr) {
      t += 1;
      const c1 = 1 - o.beta1 ** t;
      const c2 = 1 - o.beta2 ** t;
      for (const [name, w] of vars) {
        const g = grads[name];
        if (g === undefined) throw new Error(`AdamW: no gradient for "${name}"; does the loss use it?`);
        const mi = m.get(name)!;
        const vi = v.get(name)!;
        mi.assign(tf.add(tf.mul(mi, o.beta1), tf.mul(g, 1 - o.beta1)));
        vi.assign(tf.add(tf.mul(vi, o.beta2), tf.mul(tf.square(g), 1 - o.beta2)));
        const step = tf.div(tf.div(mi, c1), tf.add(tf.sqrt(tf.div(vi, c2)), o.epsilon));
        const decay = decayed.has(name) ? 1 - lr * o.weightDecay : 1;
        w.assign(tf.sub(tf.mul(w, decay), tf.mul(step, lr)));
      }
    },
    dispose() {
      for (const x of [...m.values(), ...v.values()]) x.dispose();
    },
  };
}

/**
 * Scales gradients down so that their global L2 norm is at most `maxNorm`. Returns the clipped
 * gradients and the norm before clipping (a scalar tensor). Call inside tf.tidy.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): { grads: Record<string, tf.Tensor>; norm: tf.Scalar } {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))))) as tf.Scalar;
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  const clipped: Record<string, tf.Tensor> = {};
  for (const n of names) clipped[n] = tf.mul(grads[n], scale);
  return { grads: clipped, norm };
}
