import {
  Locals, add, and, get, int, loadF, loadI, loadSplat, loadV, loop, madd, mul, ptr, set, storeF, storeI, vzero, zero,
  type Dialect, type Kernel, type Stmt,
} from '../emit/ir.js';
import type { ShapeSource } from './shape.js';
import { epilogue, ruleLocals, type WeightsMode } from './update.js';

/**
 * The dense-layer kernels in the emitter's form (shape.ts for the memory they address), written
 * once for WebAssembly and JavaScript:
 *   forward   Y[r][k]  = Σ_i W[r][i]·X[i][k]        tiles of 4 rows × 2 vectors of examples
 *   inputs    ∂X[i][k] += Σ_r W[r][i]·∂Y[r][k]      tiles of 4 inputs × 2 vectors of examples
 *   weights   ∂W[r][i] = Σ_k ∂Y[r][k]·X[k][i]       tiles of 4 rows × 2 vectors of inputs, X read
 *             example-major (a row table), then the mode's epilogue (update.ts)
 * Every output sums its terms in order from 0 (the forward over the inputs, as every other engine
 * does; ∂X over the rows; ∂W over the examples), so no tiling changes a number, and both languages
 * compute the same ones. Tails (rows, inputs or examples the tiles miss) run narrower tiles.
 */

/**
 * Tile sizes. The forward's and ∂X's sums do not depend on them (each runs over one index in
 * order); ∂W's do only through the lanes, so the JavaScript kernels can take smaller tiles (less
 * code) and still compute what WebAssembly computes, bit for bit.
 */
export interface Tiling {
  /** Forward: rows per tile, and vectors of examples per tile (1 or 2). */
  readonly forwardRows: number;
  readonly forwardVectors: 1 | 2;
  /** ∂X: inputs per tile, and vectors of examples. */
  readonly inputTile: number;
  readonly inputVectors: 1 | 2;
  /** ∂W: rows per tile, and vectors of inputs per tile. */
  readonly weightRows: number;
  readonly weightVectors: number;
}

/** WebAssembly's tiles: 8 vector accumulators each (more spill). */
export const wasmTiling = (d: Dialect): Tiling => ({
  forwardRows: 4, forwardVectors: 2, inputTile: 4, inputVectors: 2, weightRows: 4, weightVectors: 2,
});

/** The JavaScript kernels' tiles: small, so the generated text stays short. */
export const JS_TILING: Tiling = { forwardRows: 4, forwardVectors: 1, inputTile: 2, inputVectors: 1, weightRows: 1, weightVectors: 1 };

/** Common prologue: the shape's fields, the stride B as a ptr, the first input and output. */
function prologue(s: ShapeSource, loc: Locals): Stmt[] {
  for (const l of s.locals) loc.of('i32', l);
  const { V, x, y } = s.of;
  const B = get('B');
  return [
    ...s.init,
    set(loc.of('ptr', 'stride'), ptr(B)),
    set(loc.of('ptr', 'ox'), ptr(add(V, mul(x, B)))),
    set(loc.of('ptr', 'oy'), ptr(add(V, mul(y, B)))),
  ];
}

/** Example ranges: [0, B & −2L) in pairs of vectors (when `widest` is 2), then one vector, then single examples. */
function examples(d: Dialect, loc: Locals, widest: 1 | 2, tile: (shape: 2 | 1 | 0) => Stmt[]): Stmt[] {
  const L = d.lanes;
  const B = get('B');
  const k = loc.of('i32', 'k');
  const vecs = loc.of('i32', 'kVecs');
  const out: Stmt[] = [set(vecs, and(B, int(-L)))];
  let from = int(0);
  if (widest === 2) {
    const pairs = loc.of('i32', 'kPairs');
    out.push(set(pairs, and(B, int(-2 * L))), loop(k, int(0), get(pairs), int(2 * L), tile(2)));
    from = get(pairs);
  }
  out.push(loop(k, from, get(vecs), int(L), tile(1)), loop(k, get(vecs), B, int(1), tile(0)));
  return out;
}

/** An accumulator's zero and a load for `vectors` vectors (0: one scalar). */
const zeroOf = (vectors: number) => (vectors === 0 ? zero : vzero);
const loadOf = (vectors: number) => (vectors === 0 ? loadF : loadV);
const splatOf = (vectors: number) => (vectors === 0 ? loadF : loadSplat);

/** Y = W·X for every row and example. Parameter: B. */
export function forwardKernel(s: ShapeSource, d: Dialect, tiling: Tiling, name = 'forward'): Kernel {
  const loc = new Locals();
  const { R, m, w0, S } = s.of;
  const L = d.lanes;
  const r = loc.of('i32', 'r');
  const pw = loc.of('ptr', 'pw');
  const py = loc.of('ptr', 'py');
  const px = loc.of('ptr', 'px');
  const pi = loc.of('ptr', 'pi');
  const B = get('B');
  const rows = (rq: number): Stmt[] => {
    const tile = (vectors: 2 | 1 | 0): Stmt[] => {
      const n = Math.max(vectors, 1);
      const acc = (q: number, h: number) => loc.of(vectors === 0 ? 'f' : 'v', `a${q}_${h}${vectors === 0 ? 's' : ''}`);
      const xv = (h: number) => loc.of(vectors === 0 ? 'f' : 'v', `x${h}${vectors === 0 ? 's' : ''}`);
      const wv = (q: number) => loc.of(vectors === 0 ? 'f' : 'v', `w${q}${vectors === 0 ? 's' : ''}`);
      const body: Stmt[] = [];
      for (let h = 0; h < n; h++) body.push(set(xv(h), loadOf(vectors)(add(get(px), int(h * L)))));
      for (let q = 0; q < rq; q++) {
        body.push(set(wv(q), splatOf(vectors)(add(get(pi), mul(int(q), S)))));
        for (let h = 0; h < n; h++) body.push(set(acc(q, h), madd(get(wv(q)), get(xv(h)), get(acc(q, h)))));
      }
      body.push(set(px, add(get(px), get('stride'))));
      const out: Stmt[] = [];
      for (let q = 0; q < rq; q++) for (let h = 0; h < n; h++) out.push(set(acc(q, h), zeroOf(vectors)));
      out.push(set(px, add(get('ox'), get('k'))));
      out.push(loop(pi, get(pw), add(get(pw), m), int(1), body));
      for (let q = 0; q < rq; q++) {
        for (let h = 0; h < n; h++) out.push(storeF(add(add(get(py), add(mul(int(q), B), get('k'))), int(h * L)), get(acc(q, h))));
      }
      return out;
    };
    return [
      set(pw, ptr(add(w0, mul(get(r), S)))),
      set(py, add(get('oy'), mul(get(r), B))),
      ...examples(d, loc, tiling.forwardVectors, tile),
    ];
  };
  const rowTiles = and(R, int(-tiling.forwardRows));
  const body = [
    ...prologue(s, loc),
    loop(r, int(0), rowTiles, int(tiling.forwardRows), rows(tiling.forwardRows)),
    loop(r, rowTiles, R, int(1), rows(1)),
  ];
  return { name, params: [{ name: 'B', ty: 'i32' }], locals: loc.list, body };
}

/** ∂X += Wᵀ·∂Y for every input and example. Parameters: B, gap (G's offset from M). */
export function inputsKernel(s: ShapeSource, d: Dialect, tiling: Tiling, name = 'inputs'): Kernel {
  const loc = new Locals();
  const { R, m, w0, S } = s.of;
  const L = d.lanes;
  const B = get('B');
  const i = loc.of('i32', 'i');
  const pg = loc.of('ptr', 'pg');
  const pw = loc.of('ptr', 'pw');
  const gx = loc.of('ptr', 'gx');
  const cols = (hx: number): Stmt[] => {
    const tile = (vectors: 2 | 1 | 0): Stmt[] => {
      const n = Math.max(vectors, 1);
      const acc = (h: number, c: number) => loc.of(vectors === 0 ? 'f' : 'v', `a${h}_${c}${vectors === 0 ? 's' : ''}`);
      const gv = (c: number) => loc.of(vectors === 0 ? 'f' : 'v', `g${c}${vectors === 0 ? 's' : ''}`);
      const wv = (h: number) => loc.of(vectors === 0 ? 'f' : 'v', `w${h}${vectors === 0 ? 's' : ''}`);
      const body: Stmt[] = [];
      for (let c = 0; c < n; c++) body.push(set(gv(c), loadOf(vectors)(add(get(pg), int(c * L)))));
      for (let h = 0; h < hx; h++) {
        body.push(set(wv(h), splatOf(vectors)(add(get(pw), int(h)))));
        for (let c = 0; c < n; c++) body.push(set(acc(h, c), madd(get(wv(h)), get(gv(c)), get(acc(h, c)))));
      }
      body.push(set(pg, add(get(pg), get('stride'))));
      const out: Stmt[] = [];
      for (let h = 0; h < hx; h++) for (let c = 0; c < n; c++) out.push(set(acc(h, c), zeroOf(vectors)));
      out.push(set(pg, add(add(get('oy'), get('gap')), get('k'))));
      out.push(loop(pw, ptr(add(w0, get(i))), add(ptr(add(w0, get(i))), mul(R, S)), S, body));
      for (let h = 0; h < hx; h++) {
        out.push(set(gx, add(add(add(get('ox'), get('gap')), mul(add(get(i), int(h)), B)), get('k'))));
        for (let c = 0; c < n; c++) {
          const at = add(get(gx), int(c * L));
          out.push(storeF(at, add(loadOf(vectors)(at), get(acc(h, c)))));
        }
      }
      return out;
    };
    return examples(d, loc, tiling.inputVectors, tile);
  };
  const tiles = and(m, int(-tiling.inputTile));
  const body = [
    ...prologue(s, loc),
    loop(i, int(0), tiles, int(tiling.inputTile), cols(tiling.inputTile)),
    loop(i, tiles, m, int(1), cols(1)),
  ];
  return { name, params: [{ name: 'B', ty: 'i32' }, { name: 'gap', ty: 'i32' }], locals: loc.list, body };
}

/**
 * ∂W for every weight, ∂W[r][i] = Σ_k ∂Y[r][k]·X[k][i], summed over the examples in order from 0,
 * handed to the mode's epilogue (update.ts): added into G (the tape's gradient), or with an
 * optimizer's update applied in place. X is read example by example, each example's inputs
 * contiguous (a row): I[rows + k] is the F index of example k's row (the packed data itself for a
 * trainer's first layer, else a transposed copy, transposeKernel). Tiles hold RQ rows × HV vectors
 * of inputs, so each tile's gradients are vectors of neighbouring weights: no sum across lanes.
 * Parameters: B, gap, [base: a trainer's state, update.ts], rows.
 */
export function weightsKernel(s: ShapeSource, d: Dialect, tiling: Tiling, mode: WeightsMode, name = 'weights'): Kernel {
  const loc = new Locals();
  const { R, m, w0, S } = s.of;
  const L = d.lanes;
  const RQ = tiling.weightRows;
  const HV = tiling.weightVectors;
  const B = get('B');
  const r = loc.of('i32', 'r');
  const i = loc.of('i32', 'i');
  const kp = loc.of('ptr', 'kp');
  const kt = loc.of('i32', 'kt');
  const px = loc.of('ptr', 'px');
  const rule = ruleLocals(mode, s, loc);
  const gy = (q: number) => loc.of('ptr', `gy${q}`);
  // One tile: rq rows × hv vectors of inputs (vectors 0: one input, scalars).
  const tile = (rq: number, vectors: number): Stmt[] => {
    const vec = vectors > 0;
    const n = Math.max(vectors, 1);
    const width = vec ? L : 1;
    const acc = (q: number, h: number) => loc.of(vec ? 'v' : 'f', `a${q}_${h}${vec ? '' : 's'}`);
    const xv = (h: number) => loc.of(vec ? 'v' : 'f', `x${h}${vec ? '' : 's'}`);
    const dv = (q: number) => loc.of(vec ? 'v' : 'f', `d${q}${vec ? '' : 's'}`);
    // Example k: its row through the table (I index kt), its adjoints at gy_q + kp (kp a ptr, so no shift per load).
    const body: Stmt[] = [set(px, add(ptr(loadI(get(kt))), get(i))), set(kt, add(get(kt), int(1)))];
    for (let h = 0; h < n; h++) body.push(set(xv(h), (vec ? loadV : loadF)(add(get(px), int(h * width)))));
    for (let q = 0; q < rq; q++) {
      body.push(set(dv(q), (vec ? loadSplat : loadF)(add(get(gy(q)), get(kp)))));
      for (let h = 0; h < n; h++) body.push(set(acc(q, h), madd(get(dv(q)), get(xv(h)), get(acc(q, h)))));
    }
    const out: Stmt[] = [];
    for (let q = 0; q < rq; q++) for (let h = 0; h < n; h++) out.push(set(acc(q, h), vec ? vzero : zero));
    out.push(set(kt, get('rows')));
    out.push(loop(kp, ptr(int(0)), get('kEnd'), int(1), body));
    for (let q = 0; q < rq; q++) {
      for (let h = 0; h < n; h++) {
        const w = ptr(add(add(add(w0, mul(add(get(r), int(q)), S)), get(i)), int(h * width)));
        out.push(...epilogue(mode, rule, { weight: w, grad: get(acc(q, h)), vector: vec }, loc));
      }
    }
    return out;
  };
  const rowsOf = (rq: number): Stmt[] => {
    const out: Stmt[] = [];
    for (let q = 0; q < rq; q++) out.push(set(gy(q), ptr(add(add(get('oyI'), get('gap')), mul(add(get(r), int(q)), B)))));
    const tiles = and(m, int(-HV * L));
    const vecs = and(m, int(-L));
    out.push(loop(i, int(0), tiles, int(HV * L), tile(rq, HV)));
    if (HV > 1) out.push(loop(i, tiles, vecs, int(L), tile(rq, 1)));
    out.push(loop(i, vecs, m, int(1), tile(rq, 0)));
    return out;
  };
  const rowTiles = and(R, int(-RQ));
  const { V, y } = s.of;
  for (const l of s.locals) loc.of('i32', l);
  const body = [
    ...s.init,
    set(loc.of('i32', 'oyI'), add(V, mul(y, B))),
    set(loc.of('ptr', 'kEnd'), ptr(B)),
    ...rule.init,
    loop(r, int(0), rowTiles, int(RQ), rowsOf(RQ)),
    loop(r, rowTiles, R, int(1), rowsOf(1)),
  ];
  const params = [{ name: 'B', ty: 'i32' as const }, { name: 'gap', ty: 'i32' as const }, ...rule.params, { name: 'rows', ty: 'i32' as const }];
  return { name, params, locals: loc.list, body };
}

/**
 * The layer's inputs example by example: T[k·m + i] = X[i][k] (T at F index `to`), and
 * I[rows + k] = to + k·m, the row table weightsKernel reads. Parameters: B, to, rows.
 */
export function transposeKernel(s: ShapeSource, name = 'transpose'): Kernel {
  const loc = new Locals();
  const { m, V, x } = s.of;
  const B = get('B');
  const i = loc.of('i32', 'i');
  const k = loc.of('i32', 'k');
  const src = loc.of('ptr', 'src');
  const dst = loc.of('ptr', 'dst');
  const stride = loc.of('ptr', 'strideB');
  for (const l of s.locals) loc.of('i32', l);
  const body = [
    ...s.init,
    set(stride, ptr(B)),
    loop(k, int(0), B, int(1), [
      storeI(add(get('rows'), get(k)), add(get('to'), mul(get(k), m))),
      set(src, ptr(add(add(V, mul(x, B)), get(k)))),
      set(dst, ptr(add(get('to'), mul(get(k), m)))),
      loop(i, int(0), m, int(1), [storeF(get(dst), loadF(get(src))), set(dst, add(get(dst), int(1))), set(src, add(get(src), get(stride)))]),
    ]),
  ];
  const params = [{ name: 'B', ty: 'i32' as const }, { name: 'to', ty: 'i32' as const }, { name: 'rows', ty: 'i32' as const }];
  return { name, params, locals: loc.list, body };
}
