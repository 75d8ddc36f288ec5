/**
 * The kernel emitter's intermediate form: a kernel written once, as data, from which wasm.ts writes
 * a WebAssembly function and js.ts the same loops as JavaScript text (the fallback where
 * WebAssembly is refused, and the source of the checked-in kernels a CSP without 'unsafe-eval'
 * runs). Both give the same numbers: every operation of the form is one IEEE operation in each,
 * lane for lane, in the same order.
 *
 * Memory is one buffer seen two ways: `F`, floats of the kernel's type (f64 or f32), and `I`,
 * 32-bit integers; a kernel addresses both by element index. Types:
 * - i32: an integer;
 * - ptr: an element index into F (wasm keeps it as a byte address, so a pointer stepped in a loop
 *   costs no shift, and constant offsets fold into the load);
 * - f: a float of the kernel's type; v: a vector of `lanes` floats (one v128 in WebAssembly,
 *   `lanes` scalars in JavaScript).
 *
 * Code text only ever holds integers the emitter computed (shapes, offsets, opcodes) and the float
 * 0: any number that comes from user data reaches a kernel through memory or an argument.
 */

export type Ty = 'i32' | 'ptr' | 'f' | 'v';

/** Binary operations, typed by their operands (a comparison gives an i32 0/1). */
export type BinOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'shl' | 'and' | 'lt' | 'ge' | 'eq' | 'ne';

/** Unary operations: float abs/neg/sqrt, vector splat, i32 → ptr. */
export type UnOp = 'abs' | 'neg' | 'sqrt' | 'splat' | 'ptr';

export type Expr =
  | { readonly e: 'int'; readonly v: number }
  | { readonly e: 'zero'; readonly ty: 'f' | 'v' }
  | { readonly e: 'get'; readonly name: string }
  | { readonly e: 'field'; readonly name: string }
  | { readonly e: 'bin'; readonly op: BinOp; readonly a: Expr; readonly b: Expr }
  | { readonly e: 'un'; readonly op: UnOp; readonly a: Expr }
  | { readonly e: 'madd'; readonly a: Expr; readonly b: Expr; readonly c: Expr }
  | { readonly e: 'loadF'; readonly at: Expr; readonly shape: 'f' | 'v' | 'splat' }
  | { readonly e: 'loadI'; readonly at: Expr }
  | { readonly e: 'hsum'; readonly v: Expr }
  | { readonly e: 'lanesum'; readonly vs: readonly Expr[] }
  | { readonly e: 'make'; readonly lanes: readonly Expr[] }
  | { readonly e: 'shuffle'; readonly a: Expr; readonly b: Expr; readonly lanes: readonly number[] }
  | { readonly e: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export type Stmt =
  | { readonly s: 'set'; readonly name: string; readonly v: Expr }
  | { readonly s: 'storeF'; readonly at: Expr; readonly v: Expr }
  | { readonly s: 'storeI'; readonly at: Expr; readonly v: Expr }
  | { readonly s: 'for'; readonly i: string; readonly from: Expr; readonly to: Expr; readonly step: Expr; readonly body: readonly Stmt[] }
  | { readonly s: 'if'; readonly c: Expr; readonly then: readonly Stmt[]; readonly else: readonly Stmt[] };

/** A local or parameter. */
export interface Var {
  readonly name: string;
  readonly ty: Ty;
}

/** One kernel: parameters (numbers), locals, body. */
export interface Kernel {
  readonly name: string;
  readonly params: readonly Var[];
  readonly locals: readonly Var[];
  readonly body: readonly Stmt[];
}

/** What the kernels of one module compute in: the float type, lanes per vector, fused multiply-add. */
export interface Dialect {
  readonly float: 'f64' | 'f32';
  /** Floats per vector: 2 for f64, 4 for f32 (one v128). */
  readonly lanes: number;
  /** `madd` as one fused operation (relaxed SIMD; WebAssembly only). */
  readonly fma: boolean;
}

/** The dialects by float type, without FMA. */
export const F64: Dialect = { float: 'f64', lanes: 2, fma: false };
export const F32: Dialect = { float: 'f32', lanes: 4, fma: false };

// --- builders: kernels read as code -------------------------------------------------------------

export const int = (v: number): Expr => {
  if (!Number.isSafeInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new Error(`emit: ${v} is not an i32`);
  return { e: 'int', v };
};
export const zero: Expr = { e: 'zero', ty: 'f' };
export const vzero: Expr = { e: 'zero', ty: 'v' };
export const get = (name: string): Expr => ({ e: 'get', name });
/** A plan field (JavaScript kernels generic over shapes read it from their `plan` argument). */
export const field = (name: string): Expr => ({ e: 'field', name });
/** Integer arithmetic on constants is done here, so a kernel generic over shapes and one with its shape baked in share their builders. */
const FOLD: Partial<Record<BinOp, (a: number, b: number) => number>> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, and: (a, b) => a & b, shl: (a, b) => a << b,
};
const bin = (op: BinOp) => (a: Expr, b: Expr): Expr => {
  const fold = FOLD[op];
  if (fold !== undefined && a.e === 'int' && b.e === 'int') return int(fold(a.v, b.v));
  if ((op === 'add' || op === 'sub') && b.e === 'int' && b.v === 0) return a;
  if (op === 'add' && a.e === 'int' && a.v === 0) return b;
  if (op === 'mul' && b.e === 'int' && b.v === 1) return a;
  if (op === 'mul' && a.e === 'int' && a.v === 1) return b;
  if (op === 'mul' && ((a.e === 'int' && a.v === 0) || (b.e === 'int' && b.v === 0))) return int(0);
  return { e: 'bin', op, a, b };
};
export const add = /* @__PURE__ */ bin('add');
export const sub = /* @__PURE__ */ bin('sub');
export const mul = /* @__PURE__ */ bin('mul');
export const div = /* @__PURE__ */ bin('div');
export const max = /* @__PURE__ */ bin('max');
export const min = /* @__PURE__ */ bin('min');
export const shl = /* @__PURE__ */ bin('shl');
export const and = /* @__PURE__ */ bin('and');
export const lt = /* @__PURE__ */ bin('lt');
export const ge = /* @__PURE__ */ bin('ge');
export const eq = /* @__PURE__ */ bin('eq');
export const ne = /* @__PURE__ */ bin('ne');
const un = (op: UnOp) => (a: Expr): Expr => ({ e: 'un', op, a });
export const abs = /* @__PURE__ */ un('abs');
export const neg = /* @__PURE__ */ un('neg');
export const sqrt = /* @__PURE__ */ un('sqrt');
export const splat = /* @__PURE__ */ un('splat');
/** An i32 element index as a ptr. */
export const ptr = /* @__PURE__ */ un('ptr');
/** a·b + c: one fused operation where the dialect has FMA, else a product then a sum. */
export const madd = (a: Expr, b: Expr, c: Expr): Expr => ({ e: 'madd', a, b, c });
export const loadF = (at: Expr): Expr => ({ e: 'loadF', at, shape: 'f' });
export const loadV = (at: Expr): Expr => ({ e: 'loadF', at, shape: 'v' });
/** One float loaded into every lane. */
export const loadSplat = (at: Expr): Expr => ({ e: 'loadF', at, shape: 'splat' });
export const loadI = (at: Expr): Expr => ({ e: 'loadI', at });
/** The sum of a vector's lanes, as a tree: (l0 + l1) for 2 lanes, ((l0 + l1) + (l2 + l3)) for 4. */
export const hsum = (v: Expr): Expr => ({ e: 'hsum', v });
/** A vector whose lane j is hsum(vs[j]) (vs has `lanes` vectors). */
export const lanesum = (vs: readonly Expr[]): Expr => ({ e: 'lanesum', vs });
/** Lanes picked from two vectors: lane j of the result is lane lanes[j] of a (0 … L−1) or of b (L … 2L−1). */
export const shuffle = (a: Expr, b: Expr, lanes: readonly number[]): Expr => ({ e: 'shuffle', a, b, lanes });
/** A vector from `lanes` scalars. */
export const make = (lanes: readonly Expr[]): Expr => ({ e: 'make', lanes });
/** A JavaScript-only call of a function bound to the kernel (a table function). */
export const call = (fn: string, ...args: Expr[]): Expr => ({ e: 'call', fn, args });

export const set = (name: string, v: Expr): Stmt => ({ s: 'set', name, v });
export const storeF = (at: Expr, v: Expr): Stmt => ({ s: 'storeF', at, v });
export const storeI = (at: Expr, v: Expr): Stmt => ({ s: 'storeI', at, v });
/** for (i = from; i < to; i += step) body. */
export const loop = (i: string, from: Expr, to: Expr, step: Expr, body: readonly Stmt[]): Stmt => ({ s: 'for', i, from, to, step, body });
export const when = (c: Expr, then: readonly Stmt[], otherwise: readonly Stmt[] = []): Stmt => ({ s: 'if', c, then, else: otherwise });
/** x += v. */
export const inc = (name: string, v: Expr): Stmt => set(name, add(get(name), v));

/** Collects the locals a kernel builder declares as it goes. */
export class Locals {
  readonly list: Var[] = [];
  private readonly seen = new Map<string, Ty>();
  /** Declares `name` (once) with type ty and returns it. */
  of(ty: Ty, name: string): string {
    const had = this.seen.get(name);
    if (had === undefined) {
      this.seen.set(name, ty);
      this.list.push({ name, ty });
    } else if (had !== ty) throw new Error(`emit: local ${name} declared as ${had} and ${ty}`);
    return name;
  }
}
