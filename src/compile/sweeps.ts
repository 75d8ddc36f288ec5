import { byKind, kindOf, type ByKind } from '../ops/layout.js';
import { allOps } from '../ops/registry.js';
import type { scalarBackward, scalarForward } from './kernels.js';

/**
 * Generated one-example sweeps: the loops of kernels.ts scalarForward / scalarBackward, written
 * out as JavaScript source with one `case` per opcode of the tape. Each case calls ITS table
 * function (F3 = allOps()[3].forward, L3 = allOps()[3].local) at a call site of its own, so V8
 * inlines it and folds the constant input index — the same code a hand-written switch would have,
 * with every rule still read from the table. Templates depend only on the entry's arity and group.
 * Must compute exactly what kernels.ts computes (a test checks they agree bit for bit).
 */

type Template = (fn: string) => string;

const FORWARD = /* @__PURE__ */ byKind<Template>({
  unary: (F) => `V[s] = ${F}(V[args[st]], 0);`,
  binary: (F) => `V[s] = ${F}(V[args[st]], V[args[st + 1]]);`,
  sum: (F) => `{ const end = argStart[s + 1]; let y = 0; for (let j = st; j < end; j++) y += ${F}(V[args[j]], 0); V[s] = y; }`,
  dot: (F) => `{ const m = (argStart[s + 1] - st) >> 1; let y = 0; for (let j = st; j < st + m; j++) y += ${F}(V[args[j]], V[args[j + m]]); V[s] = y; }`,
  all: (F) => `{ const end = argStart[s + 1], X = XS[end - st]; for (let j = st; j < end; j++) X[j - st] = V[args[j]]; V[s] = ${F}(X); }`,
});

const sumBackward: Template = (L) => `{ const end = argStart[s + 1];
      for (let j = st; j < end; j++) { const a = args[j]; if ((argFlags[j] & mask) !== 0) G[a] += g * ${L}(0, V[a], 0, y); } }`;

// The same, for a tape where every node and every operand is on a path to an adjoint the sweep
// wants (compile.ts TapePlan.allOnPath): no flag is read.
const sumBackwardAll: Template = (L) => `{ const end = argStart[s + 1];
      for (let j = st; j < end; j++) { const a = args[j]; G[a] += g * ${L}(0, V[a], 0, y); } }`;

// ∂y/∂a_k = local(0, a_k, b, y), b the node's localShared (from LS, 0 for an op without one).
const shareOf = `const share = LS[ops[s]]; let b = 0;
      if (share !== undefined) { const X = XS[end - st]; for (let j = st; j < end; j++) X[j - st] = V[args[j]]; b = share(X, y); }`;

const BACKWARD_ALL = /* @__PURE__ */ byKind<Template>({
  unary: (L) => `{ const a = args[st]; G[a] += g * ${L}(0, V[a], 0, y); }`,
  binary: (L) => `{ const a = args[st], b = args[st + 1], va = V[a], vb = V[b];
      G[a] += g * ${L}(0, va, vb, y);
      G[b] += g * ${L}(1, va, vb, y); }`,
  sum: sumBackwardAll,
  dot: (L) => `{ const m = (argStart[s + 1] - st) >> 1;
      for (let j = st; j < st + m; j++) { const a = args[j], b = args[j + m], va = V[a], vb = V[b];
        G[a] += g * ${L}(0, va, vb, y);
        G[b] += g * ${L}(1, va, vb, y); } }`,
  all: (L) => `{ const end = argStart[s + 1]; ${shareOf}
      for (let j = st; j < end; j++) { const a = args[j]; G[a] += g * ${L}(0, V[a], b, y); } }`,
});

const BACKWARD = /* @__PURE__ */ byKind<Template>({
  unary: (L) => `{ const a = args[st]; if ((argFlags[st] & mask) !== 0) G[a] += g * ${L}(0, V[a], 0, y); }`,
  binary: (L) => `{ const a = args[st], b = args[st + 1], va = V[a], vb = V[b];
      if ((argFlags[st] & mask) !== 0) G[a] += g * ${L}(0, va, vb, y);
      if ((argFlags[st + 1] & mask) !== 0) G[b] += g * ${L}(1, va, vb, y); }`,
  sum: sumBackward,
  dot: (L) => `{ const m = (argStart[s + 1] - st) >> 1;
      for (let j = st; j < st + m; j++) { const a = args[j], b = args[j + m], va = V[a], vb = V[b];
        if ((argFlags[j] & mask) !== 0) G[a] += g * ${L}(0, va, vb, y);
        if ((argFlags[j + m] & mask) !== 0) G[b] += g * ${L}(1, va, vb, y); } }`,
  all: (L) => `{ const end = argStart[s + 1]; ${shareOf}
      for (let j = st; j < end; j++) { const a = args[j]; if ((argFlags[j] & mask) !== 0) G[a] += g * ${L}(0, V[a], b, y); } }`,
});

/**
 * Generated sweeps for a tape using `opcodes` (each distinct opcode gets a case): forward,
 * backward, backwardNodes (no node check: every node lies on a path to a gradient) and backwardAll
 * (no check at all: every operand does too). Throws where new Function is refused.
 */
export function generateSweeps(opcodes: readonly number[]): { forward: typeof scalarForward; backward: typeof scalarBackward; backwardNodes: typeof scalarBackward; backwardAll: typeof scalarBackward } {
  const used = [...new Set(opcodes)].sort((x, y) => x - y);
  const specs = allOps();
  // A forwardAll op's case calls its forwardAll (from FA); every other case its forward (from FW).
  const fns = (prefix: string, table: string, allTable = table) =>
    used.map((op) => `const ${prefix}${op} = ${specs[op].forwardAll !== undefined ? allTable : table}[${op}];`).join('\n  ');
  const cases = (templates: ByKind<Template>, prefix: string) =>
    used.map((op) => `case ${op}: ${templates[kindOf(specs[op])](`${prefix}${op}`)} break;`).join('\n      ');
  const forward = `return function forward(plan, V, table) {
  const { firstOp, n, ops, argStart, args } = plan;
  const FW = table.forward, FA = table.forwardAll, XS = table.scratch;
  ${fns('F', 'FW', 'FA')}
  for (let s = firstOp; s < n; s++) {
    const st = argStart[s];
    switch (ops[s]) {
      ${cases(FORWARD, 'F')}
    }
  }
};`;
  // The reverse sweep: with or without a check that the node lies on a path to a wanted adjoint,
  // its operands' checks in the templates or not.
  const reverse = (name: string, nodeCheck: boolean, templates: ByKind<Template>) => `return function ${name}(plan, mask, V, G, table) {
  const { firstOp, n, ops, argStart, args, argFlags, flags } = plan;
  const LO = table.local, LS = table.localShared, XS = table.scratch;
  ${fns('L', 'LO')}
  for (let s = n - 1; s >= firstOp; s--) {
    ${nodeCheck ? 'if ((flags[s] & mask) === 0) continue;' : ''}
    const g = G[s], y = V[s], st = argStart[s];
    switch (ops[s]) {
      ${cases(templates, 'L')}
    }
  }
};`;
  const backward = reverse('backward', true, BACKWARD);
  const backwardNodes = reverse('backwardNodes', false, BACKWARD);
  const backwardAll = reverse('backwardAll', false, BACKWARD_ALL);
  return {
    forward: new Function(forward)() as typeof scalarForward,
    backward: new Function(backward)() as typeof scalarBackward,
    backwardNodes: new Function(backwardNodes)() as typeof scalarBackward,
    backwardAll: new Function(backwardAll)() as typeof scalarBackward,
  };
}
