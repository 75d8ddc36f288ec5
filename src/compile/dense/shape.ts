import { field, get, int, set, type Expr, type Stmt } from '../emit/ir.js';

/**
 * A dense layer as its kernels see it: R rows (neurons) of m weights over m inputs, in the batch
 * memory of a tape (batch.ts), in element units of F:
 *   weights  W[r][i] = F[w0 + r·S + i]           (shared slots: their offsets do not depend on B)
 *   inputs   X[i][k] = F[V + (x + i)·B + k]      (varying slots x, x + 1, …: example k at + k)
 *   outputs  Y[r][k] = F[V + (y + r)·B + k]
 * and the adjoints at the same places + gap. P is the number of parameters (slots 0 … P − 1, the
 * trainer's state arrays are indexed like them).
 */
export interface DenseShape {
  readonly R: number;
  readonly m: number;
  readonly w0: number;
  readonly S: number;
  readonly V: number;
  readonly x: number;
  readonly y: number;
  readonly P: number;
}

export const SHAPE_FIELDS = ['R', 'm', 'w0', 'S', 'V', 'x', 'y', 'P'] as const;

/** How a kernel builder reads a shape: baked-in constants (WebAssembly, per shape) or plan fields (JavaScript, any shape). */
export interface ShapeSource {
  readonly of: { readonly [K in (typeof SHAPE_FIELDS)[number]]: Expr };
  /** Statements that load the fields into locals (none for constants). */
  readonly init: readonly Stmt[];
  /** The i32 locals those statements set. */
  readonly locals: readonly string[];
}

/** A shape baked into the code as integers. */
export function constantShape(s: DenseShape): ShapeSource {
  const of = Object.fromEntries(SHAPE_FIELDS.map((k) => [k, int(s[k])])) as ShapeSource['of'];
  return { of, init: [], locals: [] };
}

/** A shape read from the kernel's plan object (the JavaScript kernels generic over shapes). */
export const FIELD_SHAPE: ShapeSource = /* @__PURE__ */ (() => ({
  of: Object.fromEntries(SHAPE_FIELDS.map((k) => [k, get(`s${k}`)])) as ShapeSource['of'],
  init: SHAPE_FIELDS.map((k) => set(`s${k}`, field(k))),
  locals: SHAPE_FIELDS.map((k) => `s${k}`),
}))();
