import type { Act, PlainWeights } from './lib/mlp-weights.js';

/**
 * The plain-JS limit: an MLP on Float64Arrays written straight from the notes' four equations,
 *   z^l = W^l a^(l−1) + b^l,  a^l = σ(z^l),
 *   δ^L = ∇_a C ⊙ σ'(z^L),  δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l),
 *   ∂C/∂b^l_j = δ^l_j,  ∂C/∂w^l_jk = a^(l−1)_k δ^l_j,
 * averaged over the batch, then w ← w − α ∂C/∂w. A reference for the benchmark only.
 */
export class HandMLP {
  readonly W: Float64Array[];
  readonly b: Float64Array[];
  private readonly gW: Float64Array[];
  private readonly gb: Float64Array[];
  private readonly sizes: number[];
  private readonly acts: Act[];
  private a: Float64Array[] = [];
  private d: Float64Array[] = [];
  private B = 0;

  constructor(w: PlainWeights) {
    this.sizes = w.sizes;
    this.acts = w.acts;
    this.W = w.W.map((Wl) => Float64Array.from(Wl.flat()));
    this.b = w.b.map((bl) => Float64Array.from(bl));
    this.gW = this.W.map((Wl) => new Float64Array(Wl.length));
    this.gb = this.b.map((bl) => new Float64Array(bl.length));
  }

  /** The batch's input activations a^0 (B rows of sizes[0]) to fill before a step. */
  input(B: number): Float64Array {
    if (B !== this.B) {
      this.B = B;
      this.a = this.sizes.map((n) => new Float64Array(B * n));
      this.d = this.sizes.map((n) => new Float64Array(B * n));
    }
    return this.a[0];
  }

  /** The output activations a^L of the last forward, B rows. */
  output(): Float64Array {
    return this.a[this.a.length - 1];
  }

  forward(): void {
    const { sizes, B } = this;
    for (let l = 1; l < sizes.length; l++) {
      const nin = sizes[l - 1], nout = sizes[l];
      const W = this.W[l - 1], b = this.b[l - 1], x = this.a[l - 1], y = this.a[l];
      const act = this.acts[l - 1];
      for (let k = 0; k < B; k++) {
        const xo = k * nin;
        for (let j = 0; j < nout; j++) {
          const row = j * nin;
          let z = b[j];
          for (let i = 0; i < nin; i++) z += W[row + i] * x[xo + i];
          y[k * nout + j] = act === 'relu' ? (z > 0 ? z : 0) : act === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z;
        }
      }
    }
  }

  /**
   * Backward from ∂C/∂a^L, which the caller writes into `outputDelta()` (already divided by B),
   * plus 2·l2·w for an L2 penalty l2·Σ w² over all weights and biases; then the SGD step.
   */
  backwardAndStep(lr: number, l2 = 0): void {
    const { sizes, B } = this;
    const L = sizes.length - 1;
    for (let l = L; l >= 1; l--) {
      const nin = sizes[l - 1], nout = sizes[l];
      const W = this.W[l - 1], gW = this.gW[l - 1], gb = this.gb[l - 1];
      const x = this.a[l - 1], y = this.a[l], d = this.d[l], dx = this.d[l - 1];
      const act = this.acts[l - 1];
      gW.fill(0);
      gb.fill(0);
      if (l > 1) dx.fill(0);
      for (let k = 0; k < B; k++) {
        const xo = k * nin;
        for (let j = 0; j < nout; j++) {
          const aj = y[k * nout + j];
          const dj = d[k * nout + j] * (act === 'relu' ? (aj > 0 ? 1 : 0) : act === 'sigmoid' ? aj * (1 - aj) : 1);
          gb[j] += dj;
          const row = j * nin;
          for (let i = 0; i < nin; i++) gW[row + i] += dj * x[xo + i];
          if (l > 1) for (let i = 0; i < nin; i++) dx[xo + i] += W[row + i] * dj;
        }
      }
      for (let i = 0; i < W.length; i++) W[i] -= lr * (gW[i] + 2 * l2 * W[i]);
      const b = this.b[l - 1];
      for (let j = 0; j < b.length; j++) b[j] -= lr * (gb[j] + 2 * l2 * b[j]);
    }
  }

  /** Σ w² over all weights and biases (for an L2 penalty's value). */
  sumOfSquares(): number {
    let s = 0;
    for (const a of [...this.W, ...this.b]) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
    return s;
  }

  /** Where the caller writes ∂C/∂a^L (B rows). */
  outputDelta(): Float64Array {
    return this.d[this.d.length - 1];
  }

  /** Current weights in the shared plain form. */
  weights(): PlainWeights {
    const W = this.W.map((Wl, l) => Array.from({ length: this.sizes[l + 1] }, (_, j) => Array.from(Wl.subarray(j * this.sizes[l], (j + 1) * this.sizes[l]))));
    return { sizes: this.sizes, acts: this.acts, W, b: this.b.map((bl) => Array.from(bl)) };
  }
}

