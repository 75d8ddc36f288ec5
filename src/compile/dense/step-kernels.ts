import {
  Locals, abs, add, and, get, int, loadF, loadI, loadV, loop, max, mul, ptr, set, storeF, vzero, zero,
  type Dialect, type Expr, type Kernel,
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
 * run (first input, length, rank of the first input); data the F index of row 0.
 */
export function gatherKernel(shape: GatherShape, name = 'gather'): Kernel {
  const loc = new Locals();
  const B = get('B');
  const j = loc.of('i32', 'j');
  const k = loc.of('i32', 'k');
  const at = loc.of('i32', 'at');
  const src = loc.of('ptr', 'src');
  const end = loc.of('ptr', 'end');
  const dst = loc.of('ptr', 'dst');
  const stride = loc.of('ptr', 'stride');
  const body = [
    set(stride, ptr(B)),
    loop(j, int(0), loadI(get('runs')), int(1), [
      set(at, add(add(get('runs'), int(1)), mul(int(3), get(j)))),
      loop(k, int(0), B, int(1), [
        set(src, ptr(add(add(get('data'), mul(loadI(add(get('idx'), get(k))), shape.W)), loadI(get(at))))),
        set(end, add(get(src), loadI(add(get(at), int(1))))),
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
 * whole vectors, F[out + lanes] ← the max over the rest (0 when none); the caller takes the max of
 * those. NaN anywhere gives NaN (max propagates it, in WebAssembly and Math.max alike).
 */
export function maxabsKernel(d: Dialect, name = 'maxabs'): Kernel {
  const loc = new Locals();
  const L = d.lanes;
  const p = loc.of('ptr', 'p');
  const vend = loc.of('ptr', 'vend');
  const end = loc.of('ptr', 'pend');
  const acc = loc.of('v', 'acc');
  const t = loc.of('f', 't');
  const from = ptr(get('from'));
  const body = [
    set(acc, vzero),
    set(t, zero),
    set(vend, add(from, and(get('count'), int(-L)))),
    set(end, add(from, get('count'))),
    loop(p, from, get(vend), int(L), [set(acc, max(get(acc), abs(loadV(get(p)))))]),
    loop(p, get(vend), get(end), int(1), [set(t, max(get(t), abs(loadF(get(p)))))]),
    storeF(ptr(get('out')), get(acc)),
    storeF(add(ptr(get('out')), int(L)), get(t)),
  ];
  const params = ['from', 'count', 'out'].map((n) => ({ name: n, ty: 'i32' as const }));
  return { name, params, locals: loc.list, body };
}
