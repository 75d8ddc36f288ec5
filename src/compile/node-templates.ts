/**
 * The batch node kernels as source templates, one per node kind and direction, and the dense
 * units' epilogues (units.ts): the one source of the kernels a batch runs for its element-wise
 * nodes. node-kernels.ts makes, for each opcode, a function of its own from the template, with the
 * op's table functions as constants (V8 then inlines them at a call site of their own); where
 * `new Function` is refused (a CSP without 'unsafe-eval') the same templates, generated once into
 * node-generated.ts, read the table functions from the context instead.
 *
 * Every kernel is `(s, t, M, G)`: the slot, the batch context (node-kernels.ts BatchContext), the
 * values and the adjoints. Slot s's cnt values are M[oy … oy + cnt) (cnt = B when it varies, else
 * 1); operand a's k-th value is M[off[a] + k·stride[a]]. Terms are added in graph order, from 0.
 */

/** How a template names the table functions it calls (constants, or read from the context). */
export interface Fns {
  /** forward(a, b), forwardAll(values), local(i, a, b, y), localShared(values, y) of the node's op. */
  readonly F: string;
  readonly FA: string;
  readonly L: string;
  readonly LS: string;
}

/** A unit's functions: the binary op's (bias) and the unary op's (activation). */
export interface UnitFns {
  readonly FB: string;
  readonly LB: string;
  readonly FU: string;
  readonly LU: string;
}

const HEAD = `const st = t.argStart[s], oy = t.off[s], cnt = t.stride[s] === 0 ? 1 : t.B, args = t.args, off = t.off, stride = t.stride;`;
// A function, not a constant: a template with a substitution at module level would stay in every bundle.
const headBack = () => `${HEAD} const argFlags = t.argFlags, mask = t.mask;`;

/** Forward templates by kernel name. */
export const FORWARD_TEMPLATES = {
  unary: (f: Fns) => `${HEAD}
  const oa = off[args[st]], sa = stride[args[st]];
  for (let k = 0; k < cnt; k++) M[oy + k] = ${f.F}(M[oa + k * sa], 0);`,
  binary: (f: Fns) => `${HEAD}
  const oa = off[args[st]], sa = stride[args[st]], ob = off[args[st + 1]], sb = stride[args[st + 1]];
  for (let k = 0; k < cnt; k++) M[oy + k] = ${f.F}(M[oa + k * sa], M[ob + k * sb]);`,
  sum: (f: Fns) => `${HEAD}
  const end = t.argStart[s + 1];
  for (let k = 0; k < cnt; k++) M[oy + k] = 0;
  for (let j = st; j < end; j++) {
    const oa = off[args[j]], sa = stride[args[j]];
    for (let k = 0; k < cnt; k++) M[oy + k] += ${f.F}(M[oa + k * sa], 0);
  }`,
  // An op with forwardAll (logsumexp): per example, the operands gathered into XS[m], then forwardAll(XS[m]).
  all: (f: Fns) => `${HEAD}
  const m = t.argStart[s + 1] - st, X = t.scratch[m];
  for (let k = 0; k < cnt; k++) {
    for (let j = 0; j < m; j++) { const a = args[st + j]; X[j] = M[off[a] + k * stride[a]]; }
    M[oy + k] = ${f.FA}(X);
  }`,
  dot: (f: Fns) => `${HEAD}
  const m = (t.argStart[s + 1] - st) >> 1;
  for (let k = 0; k < cnt; k++) M[oy + k] = 0;
  for (let j = st; j < st + m; j++) {
    const oa = off[args[j]], sa = stride[args[j]], ob = off[args[j + m]], sb = stride[args[j + m]];
    if (sa === 0 && sb === 1) {
      const va = M[oa]; // a shared weight times a per-example value: the neuron's case
      for (let k = 0; k < cnt; k++) M[oy + k] += ${f.F}(va, M[ob + k]);
    } else {
      for (let k = 0; k < cnt; k++) M[oy + k] += ${f.F}(M[oa + k * sa], M[ob + k * sb]);
    }
  }`,
  // Both runs in consecutive shared slots (plan.ts DOT_SHARED): one number, no index per term.
  shared: (f: Fns) => `${HEAD}
  const m = (t.argStart[s + 1] - st) >> 1, oa = off[args[st]], ob = off[args[st + m]];
  let y = 0;
  for (let j = 0; j < m; j++) y += ${f.F}(M[oa + j], M[ob + j]);
  M[oy] = y;`,
  // A neuron (plan.ts DOT_NEURON): weights at M[oa …), inputs at M[ob + j·cnt + k]; four examples at a time.
  neuron: (f: Fns) => `${HEAD}
  const m = (t.argStart[s + 1] - st) >> 1, oa = off[args[st]], ob = off[args[st + m]];
  let k = 0;
  for (; k + 4 <= cnt; k += 4) {
    let y0 = 0, y1 = 0, y2 = 0, y3 = 0;
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) {
      const w = M[oa + j];
      y0 += ${f.F}(w, M[o]); y1 += ${f.F}(w, M[o + 1]); y2 += ${f.F}(w, M[o + 2]); y3 += ${f.F}(w, M[o + 3]);
    }
    M[oy + k] = y0; M[oy + k + 1] = y1; M[oy + k + 2] = y2; M[oy + k + 3] = y3;
  }
  for (; k < cnt; k++) {
    let y = 0;
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) y += ${f.F}(M[oa + j], M[o]);
    M[oy + k] = y;
  }`,
} as const;

const sumBackward = (f: Fns) => `${headBack()}
  const end = t.argStart[s + 1];
  for (let j = st; j < end; j++) {
    if ((argFlags[j] & mask) === 0) continue;
    const oa = off[args[j]], sa = stride[args[j]];
    for (let k = 0; k < cnt; k++) G[oa + k * sa] += G[oy + k] * ${f.L}(0, M[oa + k * sa], 0, M[oy + k]);
  }`;

/** Backward templates by kernel name: each adds one node's adjoints into its operands' (a stride-0 operand gets the sum over the batch). */
export const BACKWARD_TEMPLATES = {
  unary: (f: Fns) => `${headBack()}
  if ((argFlags[st] & mask) === 0) return;
  const oa = off[args[st]], sa = stride[args[st]];
  for (let k = 0; k < cnt; k++) G[oa + k * sa] += G[oy + k] * ${f.L}(0, M[oa + k * sa], 0, M[oy + k]);`,
  binary: (f: Fns) => `${headBack()}
  const needA = (argFlags[st] & mask) !== 0, needB = (argFlags[st + 1] & mask) !== 0;
  const oa = off[args[st]], sa = stride[args[st]], ob = off[args[st + 1]], sb = stride[args[st + 1]];
  for (let k = 0; k < cnt; k++) {
    const g = G[oy + k], y = M[oy + k], va = M[oa + k * sa], vb = M[ob + k * sb];
    if (needA) G[oa + k * sa] += g * ${f.L}(0, va, vb, y);
    if (needB) G[ob + k * sb] += g * ${f.L}(1, va, vb, y);
  }`,
  sum: sumBackward,
  // ∂y/∂a_k = local(0, a_k, b, y), b the op's localShared of the example's operands (0 without one).
  all: (f: Fns) => `${headBack()}
  const m = t.argStart[s + 1] - st, X = t.scratch[m], share = ${f.LS};
  for (let k = 0; k < cnt; k++) {
    for (let j = 0; j < m; j++) { const a = args[st + j]; X[j] = M[off[a] + k * stride[a]]; }
    const g = G[oy + k], y = M[oy + k], b = share === undefined ? 0 : share(X, y);
    for (let j = 0; j < m; j++) {
      if ((argFlags[st + j] & mask) === 0) continue;
      const a = args[st + j];
      G[off[a] + k * stride[a]] += g * ${f.L}(0, X[j], b, y);
    }
  }`,
  // A shared weight's adjoint is summed over the batch in a register, then added once.
  dot: (f: Fns) => `${headBack()}
  const m = (t.argStart[s + 1] - st) >> 1;
  for (let j = st; j < st + m; j++) {
    const needA = (argFlags[j] & mask) !== 0, needB = (argFlags[j + m] & mask) !== 0;
    const oa = off[args[j]], sa = stride[args[j]], ob = off[args[j + m]], sb = stride[args[j + m]];
    if (sa === 0 && sb === 1) {
      const va = M[oa];
      let ga = 0;
      for (let k = 0; k < cnt; k++) {
        const g = G[oy + k], y = M[oy + k], vb = M[ob + k];
        if (needA) ga += g * ${f.L}(0, va, vb, y);
        if (needB) G[ob + k] += g * ${f.L}(1, va, vb, y);
      }
      if (needA) G[oa] += ga;
    } else {
      for (let k = 0; k < cnt; k++) {
        const g = G[oy + k], y = M[oy + k], va = M[oa + k * sa], vb = M[ob + k * sb];
        if (needA) G[oa + k * sa] += g * ${f.L}(0, va, vb, y);
        if (needB) G[ob + k * sb] += g * ${f.L}(1, va, vb, y);
      }
    }
  }`,
  neuron: (f: Fns) => `${headBack()}
  const m = (t.argStart[s + 1] - st) >> 1, oa0 = off[args[st]], ob0 = off[args[st + m]];
  let k = 0;
  for (; k + 4 <= cnt; k += 4) {
    const g0 = G[oy + k], g1 = G[oy + k + 1], g2 = G[oy + k + 2], g3 = G[oy + k + 3];
    const y0 = M[oy + k], y1 = M[oy + k + 1], y2 = M[oy + k + 2], y3 = M[oy + k + 3];
    for (let j = 0, o = ob0 + k; j < m; j++, o += cnt) {
      const va = M[oa0 + j], v0 = M[o], v1 = M[o + 1], v2 = M[o + 2], v3 = M[o + 3];
      if ((argFlags[st + j] & mask) !== 0) G[oa0 + j] += g0 * ${f.L}(0, va, v0, y0) + g1 * ${f.L}(0, va, v1, y1) + g2 * ${f.L}(0, va, v2, y2) + g3 * ${f.L}(0, va, v3, y3);
      if ((argFlags[st + m + j] & mask) !== 0) {
        G[o] += g0 * ${f.L}(1, va, v0, y0); G[o + 1] += g1 * ${f.L}(1, va, v1, y1);
        G[o + 2] += g2 * ${f.L}(1, va, v2, y2); G[o + 3] += g3 * ${f.L}(1, va, v3, y3);
      }
    }
  }
  for (; k < cnt; k++) {
    const g = G[oy + k], y = M[oy + k];
    for (let j = 0, o = ob0 + k; j < m; j++, o += cnt) {
      const va = M[oa0 + j], vb = M[o];
      if ((argFlags[st + j] & mask) !== 0) G[oa0 + j] += g * ${f.L}(0, va, vb, y);
      if ((argFlags[st + m + j] & mask) !== 0) G[o] += g * ${f.L}(1, va, vb, y);
    }
  }`,
  shared: (f: Fns) => `${headBack()}
  const m = (t.argStart[s + 1] - st) >> 1, oa = off[args[st]], ob = off[args[st + m]], g = G[oy], y = M[oy];
  for (let j = 0; j < m; j++) {
    const va = M[oa + j], vb = M[ob + j];
    if ((argFlags[st + j] & mask) !== 0) G[oa + j] += g * ${f.L}(0, va, vb, y);
    if ((argFlags[st + m + j] & mask) !== 0) G[ob + j] += g * ${f.L}(1, va, vb, y);
  }`,
  // A first layer's dot (DOT_FIRST_LAYER): only the weights get adjoints; four examples at a time.
  firstLayer: (f: Fns) => `${headBack()}
  const m = (t.argStart[s + 1] - st) >> 1, oa = off[args[st]], ob = off[args[st + m]];
  let k = 0;
  for (; k + 4 <= cnt; k += 4) {
    const g0 = G[oy + k], g1 = G[oy + k + 1], g2 = G[oy + k + 2], g3 = G[oy + k + 3];
    const y0 = M[oy + k], y1 = M[oy + k + 1], y2 = M[oy + k + 2], y3 = M[oy + k + 3];
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) {
      const w = M[oa + j];
      G[oa + j] += g0 * ${f.L}(0, w, M[o], y0) + g1 * ${f.L}(0, w, M[o + 1], y1) + g2 * ${f.L}(0, w, M[o + 2], y2) + g3 * ${f.L}(0, w, M[o + 3], y3);
    }
  }
  for (; k < cnt; k++) {
    const g = G[oy + k], y = M[oy + k];
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) G[oa + j] += g * ${f.L}(0, M[oa + j], M[o], y);
  }`,
} as const;

/**
 * A dense unit (units.ts) is a dense layer's R outputs z, each through a binary op with a shared
 * operand (the bias b_r) and then a unary op (the activation): u = FB(z, b), a = FU(u). Either op
 * may be absent (`hasBias`, `hasAct`). The unit's forward runs both for the whole layer in one call;
 * its backward gives ∂z = (∂a·LU(0, u, 0, a))·LB(0, z, b, u) and ∂b += Σ_k (∂a·LU)·LB(1, z, b, u),
 * the products and sums the node kernels would make, in their order. `s` is the unit's index.
 */
export const UNIT_TEMPLATES = {
  forward: (f: UnitFns, hasBias: boolean, hasAct: boolean) => `const u = t.units[s], B = t.B, R = u.R, bias = u.bias;
  const oz = t.off[u.z], ou = t.off[u.u], oa = t.off[u.a];
  for (let r = 0; r < R; r++) {
    const z0 = oz + r * B, u0 = ou + r * B, a0 = oa + r * B${hasBias ? ', b = M[t.off[bias[r]]]' : ''};
    for (let k = 0; k < B; k++) {
      ${hasBias ? `const v = ${f.FB}(M[z0 + k], b); M[u0 + k] = v;` : 'const v = M[z0 + k];'}
      ${hasAct ? `M[a0 + k] = ${f.FU}(v, 0);` : ''}
    }
  }`,
  backward: (f: UnitFns, hasBias: boolean, hasAct: boolean) => `const u = t.units[s], B = t.B, R = u.R, bias = u.bias, biasNeeds = u.biasNeeds;
  const oz = t.off[u.z], ou = t.off[u.u], oa = t.off[u.a];
  for (let r = 0; r < R; r++) {
    const z0 = oz + r * B, u0 = ou + r * B, a0 = oa + r * B;
    ${hasBias ? 'const ob = t.off[bias[r]], b = M[ob], needB = biasNeeds[r] === 1; let gb = G[ob];' : ''}
    for (let k = 0; k < B; k++) {
      ${hasAct ? `const gu = 0 + G[a0 + k] * ${f.LU}(0, M[${hasBias ? 'u0' : 'z0'} + k], 0, M[a0 + k]);` : `const gu = G[${hasBias ? 'u0' : 'z0'} + k];`}
      ${hasBias ? `const z = M[z0 + k], v = M[u0 + k];
      G[z0 + k] = 0 + gu * ${f.LB}(0, z, b, v);
      if (needB) gb += gu * ${f.LB}(1, z, b, v);` : `G[z0 + k] = gu;`}
    }
    ${hasBias ? 'if (needB) G[ob] = gb;' : ''}
  }`,
} as const;
