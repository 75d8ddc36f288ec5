import type { Act, PlainWeights } from './lib/mlp-weights.js';

// jax-js (JAX in JavaScript) as a peer, on its wasm device. Node 20 has no Float16Array, which
// jax-js references when it loads: an empty class stands in (no float16 array is ever made here).
(globalThis as { Float16Array?: unknown }).Float16Array ??= class Float16Array {};
const jax = await import('@jax-js/jax');
const { numpy: np, nn, jit, valueAndGrad, tree } = jax;
type JArray = InstanceType<typeof jax.Array>;
type Params = { W: JArray[]; b: JArray[] };

let started = false;

/** Starts jax-js's wasm device once (jit compiles its kernels to WebAssembly). */
export async function useJax(): Promise<void> {
  if (started) return;
  const devices = await jax.init('wasm');
  if (!devices.includes('wasm')) throw new Error('jax-js wasm device did not start');
  jax.defaultDevice('wasm');
  started = true;
}

/** The loss a step minimises (batch means throughout, as the other peers). */
export type JaxLoss = { kind: 'mse' } | { kind: 'softmax-ce' } | { kind: 'hinge'; l2: number };

/** float32 or float64: jax-js computes in either. */
export type JaxDtype = 'float32' | 'float64';

/**
 * The same MLP in jax-js: weights [nin, nout] so a batch is X·W, and the WHOLE SGD step (forward,
 * valueAndGrad, update) under one `jit`, as JAX users write it. The loss is read with dataSync
 * every step: without it jax-js queues lazy work and slows down.
 */
export class JaxMLP {
  private p: Params;
  private readonly step: (p: Params, x: JArray, y: JArray) => [JArray, Params];
  private readonly dtype: typeof np.float32 | typeof np.float64;
  private readonly Typed: Float32ArrayConstructor | Float64ArrayConstructor;
  private readonly flatTargets: boolean;

  constructor(w: PlainWeights, loss: JaxLoss, dtype: JaxDtype, lr: number) {
    this.dtype = dtype === 'float64' ? np.float64 : np.float32;
    this.Typed = dtype === 'float64' ? Float64Array : Float32Array;
    const T = this.Typed;
    this.flatTargets = loss.kind === 'hinge'; // labels ±1, one per example
    const { sizes, acts } = w;
    this.p = {
      W: w.W.map((Wl, l) => {
        const nin = sizes[l], nout = sizes[l + 1];
        const buf = new T(nin * nout);
        for (let j = 0; j < nout; j++) for (let k = 0; k < nin; k++) buf[k * nout + j] = Wl[j][k];
        return np.array(buf, { shape: [nin, nout], dtype: this.dtype });
      }),
      b: w.b.map((bl) => np.array(T.from(bl), { shape: [bl.length], dtype: this.dtype })),
    };
    const cost = (p: Params, x: JArray, y: JArray): JArray => {
      const pen = loss.kind === 'hinge' ? sumOfSquares(tree.ref(p)) : null;
      let a = x;
      p.W.forEach((W, l) => {
        const z = np.matmul(a, W).add(p.b[l]);
        a = activate(acts[l], z);
      });
      if (loss.kind === 'mse') return np.square(a.sub(y)).sum(1).mean();
      if (loss.kind === 'softmax-ce') return nn.logSoftmax(a, -1).mul(y).sum(1).mean().mul(-1);
      const hinge = nn.relu(y.mul(a.reshape([-1])).mul(-1).add(1)).mean();
      return hinge.add(pen!.mul(loss.l2));
    };
    this.step = jit((p: Params, x: JArray, y: JArray): [JArray, Params] => {
      const [value, g] = valueAndGrad(cost)(tree.ref(p), x, y);
      const next = tree.map((pi: JArray, gi: JArray) => pi.sub(gi.mul(lr)), p, g as Params) as Params;
      return [value, next];
    }) as unknown as (p: Params, x: JArray, y: JArray) => [JArray, Params];
  }

  /** One SGD step on X [B, nin], Y [B, nout] (row-major buffers of this dtype); returns the loss. */
  stepOn(X: Float32Array | Float64Array, Y: Float32Array | Float64Array, B: number): number {
    const nin = X.length / B, nout = Y.length / B;
    const x = np.array(X, { shape: [B, nin], dtype: this.dtype });
    const y = np.array(Y, { shape: this.flatTargets ? [B] : [B, nout], dtype: this.dtype });
    const [value, next] = this.step(this.p, x, y);
    this.p = next;
    return value.dataSync()[0]; // consumes value
  }

  /** A buffer of this peer's dtype (inputs are copied into one per batch). */
  buffer(n: number): Float32Array | Float64Array {
    return new this.Typed(n);
  }

  /** Current weights in the shared plain form. */
  weights(w0: PlainWeights): PlainWeights {
    const { sizes } = w0;
    const W = this.p.W.map((Wl, l) => {
      const flat = Wl.ref.dataSync();
      const nin = sizes[l], nout = sizes[l + 1];
      return Array.from({ length: nout }, (_, j) => Array.from({ length: nin }, (_, k) => flat[k * nout + j]));
    });
    const b = this.p.b.map((bl) => Array.from(bl.ref.dataSync() as Float32Array | Float64Array));
    return { sizes, acts: w0.acts, W, b };
  }

  dispose(): void {
    tree.dispose(this.p);
  }
}

function activate(act: Act, z: JArray): JArray {
  return act === 'relu' ? nn.relu(z) : act === 'sigmoid' ? nn.sigmoid(z) : z;
}

function sumOfSquares(p: Params): JArray {
  let s: JArray | null = null;
  for (const v of [...p.W, ...p.b]) {
    const t = np.square(v).sum();
    s = s === null ? t : s.add(t);
  }
  return s!;
}
