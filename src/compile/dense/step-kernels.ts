import {
  Locals, abs, add, and, get, int, loadF, loadI, loadV, loop, max, mul, ptr, set, shuffle, storeF, vzero, zero,
  type Dialect, type Expr, type Kernel, type Stmt,
} from '../emit/ir.js';

/**
 * The training step's own kernels (trainer.ts), in the emitter's form:
 *   gather   copies a batch's examples from the packed data (one row of W numbers per example:
 *            the tape's inputs in order) into the batch layout (input i of example k at
 *            V + rank_i·B + k), run by run of inputs with consecutive ranks;
 *   maxabs   max |F[i]| over a range (NaN if any is NaN): the bound that proves a layer's
 *            gradient finite before its update is applied in place (see trainer.ts).
 * Shapes (W, V) are constants in WebAssembly and plan fields in JavaScript, as for dense layers.
 */

/** The packed rows' width and the start of the varying block: constants or plan fields. */
export interface GatherShape {
  readonly W: Expr;
  readonly V: Expr;
}

/**
 * gather(B, idx, runs, data): I[idx + k] is example k's row; I[runs] the number of runs, then per
 * run (first input, length, rank of the first input); data the F index of row 0. `lanes` examples
 * at a time: a lanes × lanes block (lanes inputs of lanes rows) is loaded as vectors, transposed by
 * shuffles and stored as lanes examples of each input; the rest one number at a time.
 */
export function gatherKernel(shape: GatherShape, d: Dialect, name = 'gather'): Kernel {
  const loc = new Locals();
  const L = d.lanes;
  const B = get('B');
  const j = loc.of('i32', 'j');
  const k = loc.of('i32', 'k');
  const i = loc.of('i32', 'i');
  const at = loc.of('i32', 'at');
  const len = loc.of('i32', 'len');
  const src = loc.of('ptr', 'src');
  const end = loc.of('ptr', 'end');
  const dst = loc.of('ptr', 'dst');
  const stride = loc.of('ptr', 'stride');
  const row = (q: number) => loc.of('ptr', `row${q}`);
  const v = (q: number) => loc.of('v', `v${q}`);
  const t = (q: number) => loc.of('v', `t${q}`);
  const rowOf = (kk: Expr) => ptr(add(add(get('data'), mul(loadI(add(get('idx'), kk)), shape.W)), loadI(get(at))));
  // v_q = row q's inputs i … i + L − 1; t_h = input i + h of the L rows.
  const transposed: Stmt[] = L === 2
    ? [set(t(0), shuffle(get(v(0)), get(v(1)), [0, 2])), set(t(1), shuffle(get(v(0)), get(v(1)), [1, 3]))]
    : [
      set(t(0), shuffle(get(v(0)), get(v(1)), [0, 4, 1, 5])), set(t(1), shuffle(get(v(2)), get(v(3)), [0, 4, 1, 5])),
      set(t(2), shuffle(get(v(0)), get(v(1)), [2, 6, 3, 7])), set(t(3), shuffle(get(v(2)), get(v(3)), [2, 6, 3, 7])),
      set(v(0), shuffle(get(t(0)), get(t(1)), [0, 1, 4, 5])), set(v(1), shuffle(get(t(0)), get(t(1)), [2, 3, 6, 7])),
      set(v(2), shuffle(get(t(2)), get(t(3)), [0, 1, 4, 5])), set(v(3), shuffle(get(t(2)), get(t(3)), [2, 3, 6, 7])),
    ];
  const out = L === 2 ? [t(0), t(1)] : [v(0), v(1), v(2), v(3)];
  const block: Stmt[] = [
    ...Array.from({ length: L }, (_, q) => set(v(q), loadV(add(get(row(q)), get(i))))),
    ...transposed,
    ...out.flatMap((o, h) => [storeF(get(dst), get(o)), ...(h < L - 1 ? [set(dst, add(get(dst), get(stride)))] : [])]),
    set(dst, add(get(dst), get(stride))),
  ];
  const body = [
    set(stride, ptr(B)),
    loop(j, int(0), loadI(get('runs')), int(1), [
      set(at, add(add(get('runs'), int(1)), mul(int(3), get(j)))),
      set(len, loadI(add(get(at), int(1)))),
      // Whole blocks of L examples × L inputs.
      loop(k, int(0), and(B, int(-L)), int(L), [
        ...Array.from({ length: L }, (_, q) => set(row(q), rowOf(add(get(k), int(q))))),
        set(dst, ptr(add(add(shape.V, mul(loadI(add(get(at), int(2))), B)), get(k)))),
        loop(i, int(0), and(get(len), int(-L)), int(L), block),
        // The inputs past the last whole block, one at a time for each of the L rows.
        loop(i, and(get(len), int(-L)), get(len), int(1), [
          ...Array.from({ length: L }, (_, q) => storeF(add(get(dst), int(q)), loadF(add(get(row(q)), get(i))))),
          set(dst, add(get(dst), get(stride))),
        ]),
      ]),
      // The examples past the last whole block, one input at a time.
      loop(k, and(B, int(-L)), B, int(1), [
        set(src, rowOf(get(k))),
        set(end, add(get(src), get(len))),
        set(dst, ptr(add(add(shape.V, mul(loadI(add(get(at), int(2))), B)), get(k)))),
        loop(src, get(src), get(end), int(1), [storeF(get(dst), loadF(get(src))), set(dst, add(get(dst), get(stride)))]),
      ]),
    ]),
  ];
  const params = ['B', 'idx', 'runs', 'data'].map((p) => ({ name: p, ty: 'i32' as const }));
  return { name, params, locals: loc.list, body };
}

/**
 * maxabs(from, count, out): F[out … out + lanes) ← the lane-wise max of |F[from + i]| over the
 * whole vectors (four independent accumulators, so the maxima do not wait on each other),
 * F[out + lanes] ← the max over the rest (0 when none); the caller takes the max of those. NaN
 * anywhere gives NaN (max propagates it, in WebAssembly and Math.max alike).
 */
export function maxabsKernel(d: Dialect, name = 'maxabs'): Kernel {
  const loc = new Locals();
  const L = d.lanes;
  const p = loc.of('ptr', 'p');
  const quad = loc.of('ptr', 'quad');
  const vend = loc.of('ptr', 'vend');
  const end = loc.of('ptr', 'pend');
  const acc = (j: number) => loc.of('v', `acc${j}`);
  const t = loc.of('f', 't');
  const from = ptr(get('from'));
  const body = [
    ...[0, 1, 2, 3].map((j) => set(acc(j), vzero)),
    set(t, zero),
    set(quad, add(from, and(get('count'), int(-4 * L)))),
    set(vend, add(from, and(get('count'), int(-L)))),
    set(end, add(from, get('count'))),
    loop(p, from, get(quad), int(4 * L), [0, 1, 2, 3].map((j) => set(acc(j), max(get(acc(j)), abs(loadV(add(get(p), int(j * L)))))))),
    loop(p, get(quad), get(vend), int(L), [set(acc(0), max(get(acc(0)), abs(loadV(get(p)))))]),
    loop(p, get(vend), get(end), int(1), [set(t, max(get(t), abs(loadF(get(p)))))]),
    storeF(ptr(get('out')), max(max(get(acc(0)), get(acc(1))), max(get(acc(2)), get(acc(3))))),
    storeF(add(ptr(get('out')), int(L)), get(t)),
  ];
  const params = ['from', 'count', 'out'].map((n) => ({ name: n, ty: 'i32' as const }));
  return { name, params, locals: loc.list, body };
}
