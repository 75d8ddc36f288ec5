/**
 * WebAssembly SIMD (f64x2) versions of the dense-layer kernels (layer-kernels.ts), for layers whose
 * term is the product a·b (their op's entry declares sumOfProducts). The module's bytes are written here, in TypeScript (no toolchain, no
 * download); it imports its memory, and the batch arrays M and G of a tape that uses it live in
 * that memory (batch.ts). Each kernel computes what its JavaScript twin computes:
 *   forward        Y[r][k] = Σ_i W[r][i]·X[i][k]   4 rows × 4 examples per tile, terms in graph order
 *                  (separate mul and add, as JavaScript does: bit-identical to the JS kernel)
 *   weights        ∂W[r][i] += Σ_k ∂Y[r][k]·X[i][k]  4 rows × 2 inputs, examples in pairs
 *   inputs         ∂X[i][k] += Σ_r W[r][i]·∂Y[r][k]  2 inputs × 4 examples
 * Arguments are element offsets into M (G sits `gap` elements after M); `rows` is the byte address
 * of the layer's weight-row offsets (Int32) in the same memory. Shapes the tiles do not cover are
 * left to the JavaScript kernels (see batch-sweeps.ts).
 */

const I32 = 0x7f;
const V128 = 0x7b;

/** The kernels of one instance (one memory). */
export interface WasmLayerKernels {
  readonly memory: WebAssembly.Memory;
  /** Rows 0 … R − 1 (R a multiple of 4), examples 0 … K − 1 (K a multiple of 4, ≤ B). */
  forward(rows: number, R: number, m: number, ox: number, oy: number, B: number, K: number): void;
  /** Rows 0 … R − 1 (R a multiple of 4), m and B even. */
  weights(rows: number, R: number, m: number, ox: number, oy: number, B: number, gap: number): void;
  /** Inputs 0 … m − 1 (m even), examples 0 … K − 1 (K a multiple of 4). */
  inputs(rows: number, R: number, m: number, ox: number, oy: number, B: number, gap: number, K: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, or null where WebAssembly (or its SIMD) is unavailable; tried once, and
 * `typeof WebAssembly` is checked on every call so a page that removes it gets the JS kernels.
 */
export function wasmModule(): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object' || WebAssembly === null) return null;
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** An instance over a fresh memory of at least `bytes` bytes. */
export function instantiate(module: WebAssembly.Module, bytes: number): WasmLayerKernels {
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const e = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...a: number[]) => void>;
  return { memory, forward: e.forward, weights: e.weights, inputs: e.inputs };
}

// --- a small assembler -------------------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (n: number) => [0x41, ...sleb(n)];
const ADD = 0x6a, MUL = 0x6c, SHL = 0x74, GE_S = 0x4e;
const i32load = [0x28, 2, 0];
const f64load = (off = 0) => [0x2b, 3, ...uleb(off)];
const f64store = [0x39, 3, 0];
const F64_ADD = 0xa0;
const v128load = (off = 0) => [0xfd, 0x00, 3, ...uleb(off)];
const v128store = (off = 0) => [0xfd, 0x0b, 3, ...uleb(off)];
const splat = [0xfd, 0x14];
const vadd = [0xfd, ...uleb(0xf0)];
const vmul = [0xfd, ...uleb(0xf2)];
const lane = (l: number) => [0xfd, 0x21, l];
const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]; // v128.const 0

/** for (v = from; v < limit; v += step) body — locals by index. */
function loop(v: number, from: number[], limit: number[], step: number, body: number[]): number[] {
  return [
    ...from, ...set(v),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(v), ...limit, GE_S, 0x0d, 1, // br_if out
    ...body,
    ...get(v), ...i32(step), ADD, ...set(v),
    0x0c, 0, 0x0b, 0x0b, // br loop; end; end
  ];
}

/** Byte address of element offset e (a list of instructions leaving an i32). */
const bytesOf = (e: number[]) => [...e, ...i32(3), SHL];
/** acc = acc + a·b (v128 locals). */
const fma = (acc: number, a: number, b: number) => [...get(acc), ...get(a), ...get(b), ...vmul, ...vadd, ...set(acc)];

// Parameters: 0 rows, 1 R, 2 m, 3 ox, 4 oy, 5 B, then forward: 6 K; weights: 6 gap; inputs: 6 gap, 7 K.
function forwardBody(): { locals: number[]; code: number[] } {
  // i32 locals 7..: r, k, i, px, p0..p3 (weight row pointers), stride (B·8); v128 locals 16..: acc 8, x0, x1, w
  const [r, k, i, px, p0, stride] = [7, 8, 9, 10, 11, 15];
  const acc = (q: number, h: number) => 16 + q * 2 + h;
  const [x0, x1, w] = [24, 25, 26];
  const rowPtr = (q: number) => [...get(0), ...get(r), ...i32(q), ADD, ...i32(2), SHL, ADD, ...i32load, ...i32(3), SHL];
  const inner = [
    ...get(px), ...v128load(0), ...set(x0),
    ...get(px), ...v128load(16), ...set(x1),
    ...[0, 1, 2, 3].flatMap((q) => [
      ...get(p0 + q), ...f64load(0), ...splat, ...set(w),
      ...fma(acc(q, 0), w, x0), ...fma(acc(q, 1), w, x1),
      ...get(p0 + q), ...i32(8), ADD, ...set(p0 + q),
    ]),
    ...get(px), ...get(stride), ADD, ...set(px),
  ];
  const tile = [
    ...[0, 1, 2, 3].flatMap((q) => [...zero, ...set(acc(q, 0)), ...zero, ...set(acc(q, 1)), ...rowPtr(q), ...set(p0 + q)]),
    ...bytesOf([...get(3), ...get(k), ADD]), ...set(px),
    ...loop(i, i32(0), get(2), 1, inner),
    // Y[r + q][k … k + 3] at oy + (r + q)·B + k
    ...[0, 1, 2, 3].flatMap((q) => {
      const y = bytesOf([...get(4), ...get(r), ...i32(q), ADD, ...get(5), MUL, ADD, ...get(k), ADD]);
      return [...y, ...get(acc(q, 0)), ...v128store(0), ...y, ...get(acc(q, 1)), ...v128store(16)];
    }),
  ];
  const code = [
    ...get(5), ...i32(3), SHL, ...set(stride),
    ...loop(r, i32(0), [...get(1), ...i32(-4), 0x71 /* and */], 4, loop(k, i32(0), get(6), 4, tile)),
  ];
  return { locals: [9, 11], code };
}

function weightsBody(): { locals: number[]; code: number[] } {
  // ∂W[r+q][i+h] += Σ_k G[y_q + k]·M[x_h + k], examples in pairs. i32 locals 7..: r, i, k (bytes),
  // y0..y3 (G rows of dots r … r+3, bytes), x0a, x1a (X rows i, i+1, bytes); v128 locals after.
  const [r, i, k, y0, xa] = [7, 8, 9, 10, 14];
  const acc = (q: number, h: number) => 16 + q * 2 + h;
  const [g, x0, x1] = [24, 25, 26];
  const inner = [
    ...get(xa), ...get(k), ADD, ...v128load(0), ...set(x0),
    ...get(xa + 1), ...get(k), ADD, ...v128load(0), ...set(x1),
    ...[0, 1, 2, 3].flatMap((q) => [
      ...get(y0 + q), ...get(k), ADD, ...v128load(0), ...set(g),
      ...fma(acc(q, 0), g, x0), ...fma(acc(q, 1), g, x1),
    ]),
  ];
  const wAddr = (q: number, h: number) => [
    ...get(0), ...get(r), ...i32(q), ADD, ...i32(2), SHL, ADD, ...i32load, // row offset (elements)
    ...get(6), ADD, ...get(i), ADD, ...i32(h), ADD, ...i32(3), SHL,
  ];
  const tile = [
    ...[0, 1, 2, 3].flatMap((q) => [...zero, ...set(acc(q, 0)), ...zero, ...set(acc(q, 1))]),
    ...bytesOf([...get(3), ...get(i), ...get(5), MUL, ADD]), ...set(xa),
    ...get(xa), ...get(5), ...i32(3), SHL, ADD, ...set(xa + 1),
    ...loop(k, i32(0), [...get(5), ...i32(3), SHL], 16, inner),
    ...[0, 1, 2, 3].flatMap((q) => [0, 1].flatMap((h) => [
      ...wAddr(q, h), ...wAddr(q, h), ...f64load(0),
      ...get(acc(q, h)), ...lane(0), ...get(acc(q, h)), ...lane(1), F64_ADD, F64_ADD, ...f64store,
    ])),
  ];
  const code = loop(r, i32(0), [...get(1), ...i32(-4), 0x71], 4, [
    // G rows of dots r … r+3: (oy + gap + (r + q)·B)·8
    ...[0, 1, 2, 3].flatMap((q) => [...bytesOf([...get(4), ...get(6), ADD, ...get(r), ...i32(q), ADD, ...get(5), MUL, ADD]), ...set(y0 + q)]),
    ...loop(i, i32(0), get(2), 2, tile),
  ]);
  return { locals: [9, 11], code };
}

function inputsBody(): { locals: number[]; code: number[] } {
  // ∂X[i+h][k … k+3] += Σ_r splat(W[r][i+h])·∂Y[r][k … k+3]; i32 locals 8..: i, k, r, wa (W row bytes), gy (bytes)
  const [i, k, r, wa, gy] = [8, 9, 10, 11, 12];
  const acc = (h: number, c: number) => 13 + h * 2 + c;
  const [w, g0, g1] = [17, 18, 19];
  const inner = [
    ...get(0), ...get(r), ...i32(2), SHL, ADD, ...i32load, ...get(i), ADD, ...i32(3), SHL, ...set(wa),
    ...get(gy), ...v128load(0), ...set(g0),
    ...get(gy), ...v128load(16), ...set(g1),
    ...get(wa), ...f64load(0), ...splat, ...set(w), ...fma(acc(0, 0), w, g0), ...fma(acc(0, 1), w, g1),
    ...get(wa), ...f64load(8), ...splat, ...set(w), ...fma(acc(1, 0), w, g0), ...fma(acc(1, 1), w, g1),
    ...get(gy), ...get(5), ...i32(3), SHL, ADD, ...set(gy),
  ];
  const gx = (h: number) => bytesOf([...get(3), ...get(6), ADD, ...get(i), ...i32(h), ADD, ...get(5), MUL, ADD, ...get(k), ADD]);
  const tile = [
    ...[0, 1].flatMap((h) => [...zero, ...set(acc(h, 0)), ...zero, ...set(acc(h, 1))]),
    ...bytesOf([...get(4), ...get(6), ADD, ...get(k), ADD]), ...set(gy),
    ...loop(r, i32(0), get(1), 1, inner),
    ...[0, 1].flatMap((h) => [
      ...gx(h), ...gx(h), ...v128load(0), ...get(acc(h, 0)), ...vadd, ...v128store(0),
      ...gx(h), ...gx(h), ...v128load(16), ...get(acc(h, 1)), ...vadd, ...v128store(16),
    ]),
  ];
  const code = loop(i, i32(0), get(2), 2, loop(k, i32(0), get(7), 4, tile));
  return { locals: [5, 7], code };
}

/** The module: (import "env" "memory"), three exported functions. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const params = (n: number) => [0x60, ...vec(new Array<number[]>(n).fill([I32])), 0];
  const bodies = [forwardBody(), weightsBody(), inputsBody()];
  const code = bodies.map(({ locals: [nI32, nV128], code }) => {
    const body = [...vec([[...uleb(nI32), I32], [...uleb(nV128), V128]]), ...code, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([params(7), params(8)])),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [0], [1]])),
    ...section(7, vec([[...str('forward'), 0x00, 0], [...str('weights'), 0x00, 1], [...str('inputs'), 0x00, 2]])),
    ...section(10, vec(code)),
  ]);
}
