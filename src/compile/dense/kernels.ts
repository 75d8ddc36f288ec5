import {
  Locals, add, and, get, hsum, inc, int, lanesum, loadF, loadSplat, loadV, loop, madd, make, mul, ptr, set, storeF, vzero, zero,
  type Dialect, type Expr, type Kernel, type Stmt,
} from '../emit/ir.js';
import type { ShapeSource } from './shape.js';
import { epilogue, ruleLocals, type WeightsMode } from './update.js';

/**
 * The dense-layer kernels in the emitter's form (shape.ts for the memory they address), written
 * once for WebAssembly and JavaScript:
 *   forward   Y[r][k]  = Σ_i W[r][i]·X[i][k]        tiles of 4 rows × 2 vectors of examples
 *   inputs    ∂X[i][k] += Σ_r W[r][i]·∂Y[r][k]      tiles of 4 inputs × 2 vectors of examples
 *   weights   ∂W[r][i] = Σ_k ∂Y[r][k]·X[i][k]       tiles of RQ rows × `lanes` inputs, examples in
 *             vectors (lane j sums the examples k ≡ j mod lanes), then the mode's epilogue (update.ts)
 * Each output of the forward sums its terms in graph order from 0 (as every other engine does);
 * the other sums are fixed by the tiling, the same in both languages. Tails (rows, inputs or
 * examples the tiles miss) run the same code with narrower tiles.
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
  /** ∂W: rows per tile, and whether a tile covers `lanes` inputs (its epilogue then updates a vector of weights). */
  readonly weightRows: number;
  readonly weightVector: boolean;
}

/** WebAssembly's tiles: 8 vector accumulators each (more spill). */
export const wasmTiling = (d: Dialect): Tiling => ({
  forwardRows: 4, forwardVectors: 2, inputTile: 4, inputVectors: 2, weightRows: d.lanes === 2 ? 4 : 2, weightVector: true,
});

/** The JavaScript kernels' tiles: small, so the generated text stays short. */
export const JS_TILING: Tiling = { forwardRows: 4, forwardVectors: 1, inputTile: 2, inputVectors: 1, weightRows: 1, weightVector: false };

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
 * ∂W for every weight, summed over the batch, handed to the mode's epilogue (update.ts): added
 * into G (the tape's gradient), or with an optimizer's update applied in place. Parameters: B,
 * gap, and for a trainer's modes `base` (its state arrays) and `keep` (store the gradient, 1/0).
 */
export function weightsKernel(s: ShapeSource, d: Dialect, tiling: Tiling, mode: WeightsMode, name = 'weights'): Kernel {
  const loc = new Locals();
  const { R, m, w0, S } = s.of;
  const L = d.lanes;
  const RQ = tiling.weightRows;
  const B = get('B');
  const r = loc.of('i32', 'r');
  const i = loc.of('i32', 'i');
  const pk = loc.of('ptr', 'pk');
  const kv = loc.of('ptr', 'kv');
  const kt = loc.of('i32', 'kt');
  const t = loc.of('f', 't');
  const rule = ruleLocals(mode, s, d, loc);
  const px = (h: number) => loc.of('ptr', `px${h}`);
  const pg = (q: number) => loc.of('ptr', `pg${q}`);
  // One tile: rq rows × hi inputs (hi = L: the epilogue updates a vector of weights per row).
  const tile = (rq: number, hi: number): Stmt[] => {
    const acc = (q: number, h: number) => loc.of('v', `a${q}_${h}`);
    const xv = (h: number) => loc.of('v', `x${h}`);
    const gv = (q: number) => loc.of('v', `g${q}`);
    const body: Stmt[] = [];
    for (let h = 0; h < hi; h++) body.push(set(xv(h), loadV(add(get(px(h)), get(pk)))));
    for (let q = 0; q < rq; q++) {
      body.push(set(gv(q), loadV(add(get(pg(q)), get(pk)))));
      for (let h = 0; h < hi; h++) body.push(set(acc(q, h), madd(get(gv(q)), get(xv(h)), get(acc(q, h)))));
    }
    const out: Stmt[] = [];
    for (let q = 0; q < rq; q++) for (let h = 0; h < hi; h++) out.push(set(acc(q, h), vzero));
    for (let h = 0; h < hi; h++) out.push(set(px(h), ptr(add(get('oxI'), mul(add(get(i), int(h)), B)))));
    for (let q = 0; q < rq; q++) out.push(set(pg(q), ptr(add(add(get('oyI'), get('gap')), mul(add(get(r), int(q)), B)))));
    out.push(loop(pk, ptr(int(0)), get(kv), int(L), body));
    for (let q = 0; q < rq; q++) {
      // The examples past the last whole vector, one at a time, summed from 0 per weight.
      const tails: Expr[] = [];
      for (let h = 0; h < hi; h++) {
        const th = loc.of('f', `t${h}`);
        out.push(set(th, zero));
        out.push(loop(kt, get('kVecs'), B, int(1), [
          set(t, mul(loadF(add(get(pg(q)), get(kt))), loadF(add(get(px(h)), get(kt))))),
          inc(th, get(t)),
        ]));
        tails.push(get(th));
      }
      const w = ptr(add(add(w0, mul(add(get(r), int(q)), S)), get(i)));
      const grad = hi === L ? add(lanesum(Array.from({ length: hi }, (_, h) => get(acc(q, h)))), make(tails)) : add(hsum(get(acc(q, 0))), tails[0]);
      out.push(...epilogue(mode, rule, { weight: w, grad, vector: hi === L }, loc));
    }
    return out;
  };
  const rowsOf = (rq: number): Stmt[] => {
    if (!tiling.weightVector) return [loop(i, int(0), m, int(1), tile(rq, 1))];
    const inputTiles = and(m, int(-L));
    return [
      loop(i, int(0), inputTiles, int(L), tile(rq, L)),
      loop(i, inputTiles, m, int(1), tile(rq, 1)),
    ];
  };
  const rowTiles = and(R, int(-RQ));
  const { V, x, y } = s.of;
  const body = [
    ...s.init,
    set(loc.of('i32', 'oxI'), add(V, mul(x, B))),
    set(loc.of('i32', 'oyI'), add(V, mul(y, B))),
    set(loc.of('i32', 'kVecs'), and(B, int(-L))),
    set(kv, ptr(get('kVecs'))),
    ...rule.init,
    loop(r, int(0), rowTiles, int(RQ), rowsOf(RQ)),
    loop(r, rowTiles, R, int(1), rowsOf(1)),
  ];
  for (const l of s.locals) loc.of('i32', l);
  const params = [{ name: 'B', ty: 'i32' as const }, { name: 'gap', ty: 'i32' as const }, ...rule.params];
  return { name, params, locals: loc.list, body };
}
