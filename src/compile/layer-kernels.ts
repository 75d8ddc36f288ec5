/**
 * Batch kernels for a dense layer (layers.ts): R dot nodes sharing one input block, run as one
 * matrix product over the B examples of a batch. In the batch array M:
 *   weights   W[r][i] = M[w[r] + i]          (row r of the layer, a run of shared slots)
 *   inputs    X[i][k] = M[ox + i·B + k]      (input i, example k: consecutive varying slots)
 *   outputs   Y[r][k] = M[oy + r·B + k]      (dot r, example k)
 * and the adjoints G in the same places. f and l are the dot entry's table functions (one term
 * f(a, b) and its partials l(i, a, b, y)); nothing here assumes the term is a product.
 *
 * Register tiles: the forward holds a 4 × 2 block of sums (4 rows, 2 examples) across the whole
 * input run, so each loaded weight serves 2 examples and each input 4 rows; every sum still adds
 * its terms in graph order, so the forward is bit-identical to the node kernels. The backward
 * tiles ∂W (4 rows × 2 inputs, summed over the batch) and ∂X (2 inputs × 4 examples, summed over
 * the rows) the same way.
 *
 * SELF-CONTAINED (see kernels.ts): codegen.ts clones these per opcode so f and l inline.
 */

/** Y = W·X for the layer's rows r0 … r0 + R − 1 (w: weight-row offsets, indexed from r0), examples k0 … B − 1. */
export function layerForward(
  w: Int32Array, r0: number, R: number, m: number, ox: number, oy: number, B: number, M: Float64Array,
  f: (a: number, b: number) => number, k0: number,
): void {
  let r = 0;
  for (; r + 4 <= R; r += 4) {
    const a0 = w[r0 + r], a1 = w[r0 + r + 1], a2 = w[r0 + r + 2], a3 = w[r0 + r + 3];
    const y = oy + r * B;
    let k = k0;
    for (; k + 2 <= B; k += 2) {
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      for (let i = 0, o = ox + k; i < m; i++, o += B) {
        const x0 = M[o], x1 = M[o + 1];
        const w0 = M[a0 + i], w1 = M[a1 + i], w2 = M[a2 + i], w3 = M[a3 + i];
        c00 += f(w0, x0); c01 += f(w0, x1);
        c10 += f(w1, x0); c11 += f(w1, x1);
        c20 += f(w2, x0); c21 += f(w2, x1);
        c30 += f(w3, x0); c31 += f(w3, x1);
      }
      M[y + k] = c00; M[y + k + 1] = c01;
      M[y + B + k] = c10; M[y + B + k + 1] = c11;
      M[y + 2 * B + k] = c20; M[y + 2 * B + k + 1] = c21;
      M[y + 3 * B + k] = c30; M[y + 3 * B + k + 1] = c31;
    }
    if (k < B) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let i = 0, o = ox + k; i < m; i++, o += B) {
        const x = M[o];
        c0 += f(M[a0 + i], x); c1 += f(M[a1 + i], x); c2 += f(M[a2 + i], x); c3 += f(M[a3 + i], x);
      }
      M[y + k] = c0; M[y + B + k] = c1; M[y + 2 * B + k] = c2; M[y + 3 * B + k] = c3;
    }
  }
  for (; r < R; r++) {
    const a = w[r0 + r];
    const y = oy + r * B;
    let k = k0;
    for (; k + 2 <= B; k += 2) {
      let c0 = 0, c1 = 0;
      for (let i = 0, o = ox + k; i < m; i++, o += B) {
        const wi = M[a + i];
        c0 += f(wi, M[o]); c1 += f(wi, M[o + 1]);
      }
      M[y + k] = c0; M[y + k + 1] = c1;
    }
    if (k < B) {
      let c = 0;
      for (let i = 0, o = ox + k; i < m; i++, o += B) c += f(M[a + i], M[o]);
      M[y + k] = c;
    }
  }
}

/** ∂W[r][i] += Σ_k ∂Y[r][k] · l(0, W[r][i], X[i][k], Y[r][k]): the weights' adjoints, summed over the batch. */
export function layerBackwardWeights(
  w: Int32Array, r0: number, R: number, m: number, ox: number, oy: number, B: number, M: Float64Array, G: Float64Array,
  l: (i: number, a: number, b: number, y: number) => number,
): void {
  let r = 0;
  for (; r + 4 <= R; r += 4) {
    const a0 = w[r0 + r], a1 = w[r0 + r + 1], a2 = w[r0 + r + 2], a3 = w[r0 + r + 3];
    const y0 = oy + r * B, y1 = y0 + B, y2 = y1 + B, y3 = y2 + B;
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const p = ox + i * B, q = p + B;
      const w00 = M[a0 + i], w01 = M[a0 + i + 1], w10 = M[a1 + i], w11 = M[a1 + i + 1];
      const w20 = M[a2 + i], w21 = M[a2 + i + 1], w30 = M[a3 + i], w31 = M[a3 + i + 1];
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      for (let k = 0; k < B; k++) {
        const x0 = M[p + k], x1 = M[q + k];
        const g0 = G[y0 + k], g1 = G[y1 + k], g2 = G[y2 + k], g3 = G[y3 + k];
        const v0 = M[y0 + k], v1 = M[y1 + k], v2 = M[y2 + k], v3 = M[y3 + k];
        c00 += g0 * l(0, w00, x0, v0); c01 += g0 * l(0, w01, x1, v0);
        c10 += g1 * l(0, w10, x0, v1); c11 += g1 * l(0, w11, x1, v1);
        c20 += g2 * l(0, w20, x0, v2); c21 += g2 * l(0, w21, x1, v2);
        c30 += g3 * l(0, w30, x0, v3); c31 += g3 * l(0, w31, x1, v3);
      }
      G[a0 + i] += c00; G[a0 + i + 1] += c01;
      G[a1 + i] += c10; G[a1 + i + 1] += c11;
      G[a2 + i] += c20; G[a2 + i + 1] += c21;
      G[a3 + i] += c30; G[a3 + i + 1] += c31;
    }
    for (; i < m; i++) {
      const p = ox + i * B;
      const w0 = M[a0 + i], w1 = M[a1 + i], w2 = M[a2 + i], w3 = M[a3 + i];
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let k = 0; k < B; k++) {
        const x = M[p + k];
        c0 += G[y0 + k] * l(0, w0, x, M[y0 + k]);
        c1 += G[y1 + k] * l(0, w1, x, M[y1 + k]);
        c2 += G[y2 + k] * l(0, w2, x, M[y2 + k]);
        c3 += G[y3 + k] * l(0, w3, x, M[y3 + k]);
      }
      G[a0 + i] += c0; G[a1 + i] += c1; G[a2 + i] += c2; G[a3 + i] += c3;
    }
  }
  for (; r < R; r++) {
    const a = w[r0 + r];
    const y = oy + r * B;
    for (let i = 0; i < m; i++) {
      const p = ox + i * B;
      const wi = M[a + i];
      let c = 0;
      for (let k = 0; k < B; k++) c += G[y + k] * l(0, wi, M[p + k], M[y + k]);
      G[a + i] += c;
    }
  }
}

/** ∂X[i][k] += Σ_r ∂Y[r][k] · l(1, W[r][i], X[i][k], Y[r][k]) for examples k0 … B − 1: the inputs' adjoints, summed over the rows. */
export function layerBackwardInputs(
  w: Int32Array, r0: number, R: number, m: number, ox: number, oy: number, B: number, M: Float64Array, G: Float64Array,
  l: (i: number, a: number, b: number, y: number) => number, k0: number,
): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const p = ox + i * B, q = p + B;
    let k = k0;
    for (; k + 4 <= B; k += 4) {
      const x00 = M[p + k], x01 = M[p + k + 1], x02 = M[p + k + 2], x03 = M[p + k + 3];
      const x10 = M[q + k], x11 = M[q + k + 1], x12 = M[q + k + 2], x13 = M[q + k + 3];
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      for (let r = 0, y = oy + k; r < R; r++, y += B) {
        const a = w[r0 + r];
        const w0 = M[a + i], w1 = M[a + i + 1];
        const g0 = G[y], g1 = G[y + 1], g2 = G[y + 2], g3 = G[y + 3];
        const v0 = M[y], v1 = M[y + 1], v2 = M[y + 2], v3 = M[y + 3];
        c00 += g0 * l(1, w0, x00, v0); c01 += g1 * l(1, w0, x01, v1); c02 += g2 * l(1, w0, x02, v2); c03 += g3 * l(1, w0, x03, v3);
        c10 += g0 * l(1, w1, x10, v0); c11 += g1 * l(1, w1, x11, v1); c12 += g2 * l(1, w1, x12, v2); c13 += g3 * l(1, w1, x13, v3);
      }
      G[p + k] += c00; G[p + k + 1] += c01; G[p + k + 2] += c02; G[p + k + 3] += c03;
      G[q + k] += c10; G[q + k + 1] += c11; G[q + k + 2] += c12; G[q + k + 3] += c13;
    }
    for (; k < B; k++) {
      const x0 = M[p + k], x1 = M[q + k];
      let c0 = 0, c1 = 0;
      for (let r = 0, y = oy + k; r < R; r++, y += B) {
        const a = w[r0 + r];
        const g = G[y], v = M[y];
        c0 += g * l(1, M[a + i], x0, v);
        c1 += g * l(1, M[a + i + 1], x1, v);
      }
      G[p + k] += c0; G[q + k] += c1;
    }
  }
  for (; i < m; i++) {
    const p = ox + i * B;
    for (let k = k0; k < B; k++) {
      const x = M[p + k];
      let c = 0;
      for (let r = 0, y = oy + k; r < R; r++, y += B) c += G[y] * l(1, M[w[r0 + r] + i], x, M[y]);
      G[p + k] += c;
    }
  }
}
