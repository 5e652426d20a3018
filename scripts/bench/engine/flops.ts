// Floating-point work of one forward pass, counted from the config (a multiply-add is 2 FLOPs), and
// the 2-D matmul shapes of its linear layers, whose plain speed is the yardstick for the whole pass.
import type { ModelConfig } from '../../../src/model/config';

/** One 2-D matmul [m, k] × [k, n] that the forward pass runs `count` times. */
export interface MatmulShape {
  label: string;
  m: number;
  k: number;
  n: number;
  count: number;
}

export interface ForwardFlops {
  /** Linear layers inside the blocks (QKV, attention out, MLP in and out). */
  blocks: number;
  /** q·kᵀ and pattern·v over all query × key pairs (the causal mask is applied after, so all are computed). */
  attention: number;
  unembed: number;
  total: number;
}

export function matmulFlops(shape: Pick<MatmulShape, 'm' | 'k' | 'n'>): number {
  return 2 * shape.m * shape.k * shape.n;
}

/** The linear layers of a forward pass over `tokens` tokens (batch × positions), as 2-D matmuls. */
export function linearShapes(c: ModelConfig, tokens: number): MatmulShape[] {
  const inner = c.nHeads * c.dHead;
  const shapes: MatmulShape[] = [
    { label: 'qkv', m: tokens, k: c.dModel, n: 3 * inner, count: c.nLayers },
    { label: 'attn out', m: tokens, k: inner, n: c.dModel, count: c.nLayers },
  ];
  if (!c.attnOnly) {
    shapes.push(
      { label: 'mlp in', m: tokens, k: c.dModel, n: c.dMlp, count: c.nLayers },
      { label: 'mlp out', m: tokens, k: c.dMlp, n: c.dModel, count: c.nLayers },
    );
  }
  shapes.push({ label: 'unembed', m: tokens, k: c.dModel, n: c.dVocab, count: 1 });
  return shapes;
}

/** FLOPs of one forward pass of `batch` prompts of `pos` tokens; elementwise ops are left out. */
export function forwardFlops(c: ModelConfig, batch: number, pos: number): ForwardFlops {
  const shapes = linearShapes(c, batch * pos);
  const sum = (list: MatmulShape[]) => list.reduce((s, m) => s + m.count * matmulFlops(m), 0);
  const blocks = sum(shapes.filter((s) => s.label !== 'unembed'));
  const unembed = sum(shapes.filter((s) => s.label === 'unembed'));
  const attention = c.nLayers * 2 * matmulFlops({ m: batch * c.nHeads * pos, k: c.dHead, n: pos });
  return { blocks, attention, unembed, total: blocks + attention + unembed };
}
