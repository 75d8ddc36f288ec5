import type { Dialect, Expr, Kernel, Stmt, Ty, Var } from './ir.js';

/**
 * The WebAssembly writer of the emitter: kernels in the form of ir.ts → one module's bytes. Every
 * instruction is named (OP, the spec's names); the numbers are written once, in that table.
 * The module imports its memory ("env" "memory") and exports each kernel by name.
 */

/** The instructions the kernels use, by their names in the WebAssembly spec (SIMD ones after the 0xfd prefix). */
// Built by a pure call: its simd() entries would otherwise keep the table in bundles that never compile.
const OP = /* @__PURE__ */ (() => ({
  block: [0x02], loop: [0x03], if: [0x04], else: [0x05], end: [0x0b], br: [0x0c], br_if: [0x0d],
  'local.get': [0x20], 'local.set': [0x21],
  'i32.load': [0x28], 'f32.load': [0x2a], 'f64.load': [0x2b], 'i32.store': [0x36], 'f32.store': [0x38], 'f64.store': [0x39],
  'i32.const': [0x41], 'f32.const': [0x43], 'f64.const': [0x44],
  'i32.eq': [0x46], 'i32.ne': [0x47], 'i32.lt_s': [0x48], 'i32.ge_s': [0x4e],
  'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c], 'i32.and': [0x71], 'i32.shl': [0x74],
  'f32.eq': [0x5b], 'f32.ne': [0x5c], 'f32.lt': [0x5d], 'f32.ge': [0x60],
  'f64.eq': [0x61], 'f64.ne': [0x62], 'f64.lt': [0x63], 'f64.ge': [0x66],
  'f32.abs': [0x8b], 'f32.neg': [0x8c], 'f32.sqrt': [0x91], 'f32.add': [0x92], 'f32.sub': [0x93], 'f32.mul': [0x94], 'f32.div': [0x95], 'f32.min': [0x96], 'f32.max': [0x97],
  'f64.abs': [0x99], 'f64.neg': [0x9a], 'f64.sqrt': [0x9f], 'f64.add': [0xa0], 'f64.sub': [0xa1], 'f64.mul': [0xa2], 'f64.div': [0xa3], 'f64.min': [0xa4], 'f64.max': [0xa5],
  'v128.load': simd(0x00), 'v128.load32_splat': simd(0x09), 'v128.load64_splat': simd(0x0a), 'v128.store': simd(0x0b),
  'v128.const': simd(0x0c), 'i8x16.shuffle': simd(0x0d), 'f32x4.splat': simd(0x13), 'f64x2.splat': simd(0x14),
  'f32x4.extract_lane': simd(0x1f), 'f32x4.replace_lane': simd(0x20), 'f64x2.extract_lane': simd(0x21), 'f64x2.replace_lane': simd(0x22),
  'f32x4.abs': simd(0xe0), 'f32x4.neg': simd(0xe1), 'f32x4.sqrt': simd(0xe3), 'f32x4.add': simd(0xe4), 'f32x4.sub': simd(0xe5),
  'f32x4.mul': simd(0xe6), 'f32x4.div': simd(0xe7), 'f32x4.min': simd(0xe8), 'f32x4.max': simd(0xe9),
  'f64x2.abs': simd(0xec), 'f64x2.neg': simd(0xed), 'f64x2.sqrt': simd(0xef), 'f64x2.add': simd(0xf0), 'f64x2.sub': simd(0xf1),
  'f64x2.mul': simd(0xf2), 'f64x2.div': simd(0xf3), 'f64x2.min': simd(0xf4), 'f64x2.max': simd(0xf5),
  'f32x4.relaxed_madd': simd(0x105), 'f64x2.relaxed_madd': simd(0x107),
}) as const)();
type OpName = keyof typeof OP;

/** Value types and section ids of the binary format. */
const TYPE = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b, func: 0x60, empty: 0x40 } as const;
const SECTION = { custom: 0, type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function simd(code: number): number[] {
  return [0xfd, ...uleb(code)];
}

export function uleb(n: number): number[] {
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

/**
 * The bytes of a module exporting `kernels` (one function each, no results), all in `dialect`.
 * `label` names the functions in the module's name section (what profilers show), e.g. the shape.
 */
export function wasmModuleBytes(kernels: readonly Kernel[], dialect: Dialect, label = ''): Uint8Array<ArrayBuffer> {
  const fty = dialect.float === 'f64' ? TYPE.f64 : TYPE.f32;
  const valType = (ty: Ty) => (ty === 'i32' || ty === 'ptr' ? TYPE.i32 : ty === 'f' ? fty : TYPE.v128);
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const signatures: string[] = [];
  const typeOf = kernels.map((k) => {
    const sig = k.params.map((p) => valType(p.ty)).join(',');
    let at = signatures.indexOf(sig);
    if (at < 0) at = signatures.push(sig) - 1;
    return at;
  });
  const types = signatures.map((sig) => [TYPE.func, ...vec(sig === '' ? [] : sig.split(',').map((t) => [Number(t)])), 0]);
  const code = kernels.map((k) => {
    const body = functionBody(k, dialect, valType);
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(SECTION.type, vec(types)),
    ...section(SECTION.import, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]])), // memory, min 1 page
    ...section(SECTION.function, vec(typeOf.map((t) => uleb(t)))),
    ...section(SECTION.export, vec(kernels.map((k, i) => [...str(k.name), 0x00, ...uleb(i)]))),
    ...section(SECTION.code, vec(code)),
    // The name section: subsection 1, function names.
    ...section(SECTION.custom, [...str('name'), 1, ...(() => {
      const names = vec(kernels.map((k, i) => [...uleb(i), ...str(`${k.name}${label === '' ? '' : `_${label}`}`)]));
      return [...uleb(names.length), ...names];
    })()]),
  ]);
}

/** One function's locals and code. */
function functionBody(k: Kernel, d: Dialect, valType: (ty: Ty) => number): number[] {
  const vars = new Map<string, { index: number; ty: Ty }>();
  [...k.params, ...k.locals].forEach((v: Var, index) => {
    if (vars.has(v.name)) throw new Error(`emit: ${k.name} declares ${v.name} twice`);
    vars.set(v.name, { index, ty: v.ty });
  });
  const out: number[] = [];
  const w = new Writer(out, vars, d, k.name);
  for (const s of k.body) w.stmt(s);
  const locals = k.locals.map((v) => [1, valType(v.ty)]);
  return [...uleb(locals.length), ...locals.flat(), ...out, ...OP.end];
}

/** Writes statements and expressions as stack code. */
class Writer {
  private readonly shift: number;
  private readonly f: 'f64' | 'f32';
  private readonly v: 'f64x2' | 'f32x4';

  constructor(
    private readonly out: number[],
    private readonly vars: Map<string, { index: number; ty: Ty }>,
    private readonly d: Dialect,
    private readonly where: string,
  ) {
    this.f = d.float;
    this.v = d.float === 'f64' ? 'f64x2' : 'f32x4';
    this.shift = d.float === 'f64' ? 3 : 2;
  }

  private op(name: OpName, ...imm: number[]): void {
    this.out.push(...OP[name], ...imm);
  }

  private local(name: string): { index: number; ty: Ty } {
    const v = this.vars.get(name);
    if (v === undefined) throw new Error(`emit: ${this.where} uses undeclared ${name}`);
    return v;
  }

  stmt(s: Stmt): void {
    switch (s.s) {
      case 'set': {
        const target = this.local(s.name);
        const ty = this.expr(s.v);
        if (ty !== target.ty) throw new Error(`emit: ${this.where} sets ${target.ty} ${s.name} to a ${ty}`);
        this.op('local.set', ...uleb(target.index));
        return;
      }
      case 'storeF': {
        const offset = this.address(s.at, false);
        const ty = this.expr(s.v);
        if (ty === 'v') this.op('v128.store', 4, ...uleb(offset));
        else if (ty === 'f') this.op(`${this.f}.store`, this.shift, ...uleb(offset));
        else throw new Error(`emit: ${this.where} stores a ${ty} into F`);
        return;
      }
      case 'storeI': {
        const offset = this.address(s.at, true);
        this.want(s.v, 'i32');
        this.op('i32.store', 2, ...uleb(offset));
        return;
      }
      case 'for': {
        const i = this.local(s.i);
        this.want(s.from, i.ty);
        this.op('local.set', ...uleb(i.index));
        this.op('block', TYPE.empty);
        this.op('loop', TYPE.empty);
        this.op('local.get', ...uleb(i.index));
        this.want(s.to, i.ty);
        this.op('i32.ge_s');
        this.op('br_if', 1);
        for (const b of s.body) this.stmt(b);
        this.op('local.get', ...uleb(i.index));
        this.step(s.step, i.ty);
        this.op('i32.add');
        this.op('local.set', ...uleb(i.index));
        this.op('br', 0);
        this.op('end');
        this.op('end');
        return;
      }
      case 'if': {
        this.want(s.c, 'i32');
        this.op('if', TYPE.empty);
        for (const b of s.then) this.stmt(b);
        if (s.else.length > 0) {
          this.op('else');
          for (const b of s.else) this.stmt(b);
        }
        this.op('end');
      }
    }
  }

  /** A loop step: elements, scaled to bytes for a ptr counter. */
  private step(e: Expr, ty: Ty): void {
    if (ty === 'ptr' && e.e === 'int') {
      this.op('i32.const', ...sleb(e.v << this.shift));
      return;
    }
    this.want(e, 'i32');
    if (ty === 'ptr') this.scale(this.shift);
  }

  private scale(shift: number): void {
    this.op('i32.const', shift);
    this.op('i32.shl');
  }

  private want(e: Expr, ty: Ty): void {
    const got = this.expr(e);
    if (got !== ty) throw new Error(`emit: ${this.where} needs a ${ty}, got a ${got}`);
  }

  /**
   * Pushes the byte address of element `at` of F (a ptr, or an i32 index) or of I (an i32 index),
   * less its constant part, which is returned in bytes for the instruction's offset field.
   */
  private address(at: Expr, intArray: boolean): number {
    const shift = intArray ? 2 : this.shift;
    let constant = 0;
    let rest: Expr | null = at;
    // Peel `x + c` (c ≥ 0) off the right end, as often as it appears.
    while (rest !== null && rest.e === 'bin' && rest.op === 'add' && rest.b.e === 'int' && rest.b.v >= 0) {
      constant += rest.b.v;
      rest = rest.a;
    }
    if (rest !== null && rest.e === 'int') {
      constant += rest.v;
      rest = null;
    }
    if (rest === null) this.op('i32.const', 0);
    else {
      const ty = this.expr(rest);
      if (ty === 'i32') this.scale(shift);
      else if (ty !== 'ptr' || intArray) throw new Error(`emit: ${this.where} addresses ${intArray ? 'I' : 'F'} with a ${ty}`);
    }
    return constant << shift;
  }

  /** Pushes e; returns its type. */
  expr(e: Expr): Ty {
    const { f, v } = this;
    switch (e.e) {
      case 'int':
        this.op('i32.const', ...sleb(e.v));
        return 'i32';
      case 'zero':
        if (e.ty === 'v') this.op('v128.const', ...new Array<number>(16).fill(0));
        else if (f === 'f64') this.op('f64.const', ...new Array<number>(8).fill(0));
        else this.op('f32.const', 0, 0, 0, 0);
        return e.ty;
      case 'get': {
        const l = this.local(e.name);
        this.op('local.get', ...uleb(l.index));
        return l.ty;
      }
      case 'field':
        throw new Error(`emit: ${this.where} reads plan field ${e.name}; WebAssembly kernels take shapes as constants`);
      case 'un': {
        if (e.op === 'ptr') {
          this.want(e.a, 'i32');
          this.scale(this.shift);
          return 'ptr';
        }
        const ty = this.expr(e.a);
        if (e.op === 'splat') {
          if (ty !== 'f') throw new Error(`emit: ${this.where} splats a ${ty}`);
          this.op(`${v}.splat`);
          return 'v';
        }
        if (ty !== 'f' && ty !== 'v') throw new Error(`emit: ${this.where} takes ${e.op} of a ${ty}`);
        this.op(`${ty === 'v' ? v : f}.${e.op}`);
        return ty;
      }
      case 'bin':
        return this.binary(e.op, e.a, e.b);
      case 'madd': {
        const ty = this.expr(e.a);
        this.want(e.b, ty);
        if (this.d.fma && ty === 'v') {
          this.want(e.c, ty);
          this.op(`${v}.relaxed_madd`);
          return ty;
        }
        this.op(`${ty === 'v' ? v : f}.mul`);
        this.want(e.c, ty);
        this.op(`${ty === 'v' ? v : f}.add`);
        return ty;
      }
      case 'loadF': {
        const offset = this.address(e.at, false);
        if (e.shape === 'f') this.op(`${f}.load`, this.shift, ...uleb(offset));
        else if (e.shape === 'v') this.op('v128.load', 4, ...uleb(offset));
        else this.op(f === 'f64' ? 'v128.load64_splat' : 'v128.load32_splat', this.shift, ...uleb(offset));
        return e.shape === 'f' ? 'f' : 'v';
      }
      case 'loadI': {
        const offset = this.address(e.at, true);
        this.op('i32.load', 2, ...uleb(offset));
        return 'i32';
      }
      case 'hsum':
        this.hsum(e.v);
        return 'f';
      case 'lanesum':
        this.lanesum(e.vs);
        return 'v';
      case 'shuffle': {
        const width = 16 / this.d.lanes;
        this.want(e.a, 'v');
        this.want(e.b, 'v');
        this.op('i8x16.shuffle', ...e.lanes.flatMap((l) => Array.from({ length: width }, (_, i) => l * width + i)));
        return 'v';
      }
      case 'make':
        if (e.lanes.length !== this.d.lanes) throw new Error(`emit: ${this.where} makes a vector of ${e.lanes.length} lanes`);
        this.want(e.lanes[0], 'f');
        this.op(`${v}.splat`);
        for (let j = 1; j < e.lanes.length; j++) {
          this.want(e.lanes[j], 'f');
          this.op(`${v}.replace_lane`, j);
        }
        return 'v';
      case 'call':
        throw new Error(`emit: ${this.where} calls ${e.fn}; table functions run only in JavaScript kernels`);
    }
  }

  private binary(op: string, a: Expr, b: Expr): Ty {
    const ta = this.expr(a);
    if (op === 'add' || op === 'sub') {
      if (ta === 'ptr') {
        // ptr ± i32 elements (scaled to bytes; a constant is scaled here), or ptr ± ptr.
        if (b.e === 'int') this.op('i32.const', ...sleb(b.v << this.shift));
        else {
          const tb = this.expr(b);
          if (tb === 'i32') this.scale(this.shift);
          else if (tb !== 'ptr') throw new Error(`emit: ${this.where} adds a ${tb} to a ptr`);
        }
        this.op(op === 'add' ? 'i32.add' : 'i32.sub');
        return 'ptr';
      }
    }
    const tb = this.expr(b);
    if (op === 'add' && ta === 'i32' && tb === 'ptr') throw new Error(`emit: ${this.where} adds a ptr to an i32: write ptr + i32`);
    if (ta !== tb) throw new Error(`emit: ${this.where} applies ${op} to a ${ta} and a ${tb}`);
    if (ta === 'i32' || ta === 'ptr') {
      const name = ({ add: 'i32.add', sub: 'i32.sub', mul: 'i32.mul', shl: 'i32.shl', and: 'i32.and', lt: 'i32.lt_s', ge: 'i32.ge_s', eq: 'i32.eq', ne: 'i32.ne' } as Record<string, OpName>)[op];
      if (name === undefined) throw new Error(`emit: ${this.where} applies ${op} to integers`);
      this.op(name);
      return op === 'lt' || op === 'ge' || op === 'eq' || op === 'ne' ? 'i32' : ta;
    }
    if (ta === 'f' && (op === 'lt' || op === 'ge' || op === 'eq' || op === 'ne')) {
      this.op(`${this.f}.${op}` as OpName);
      return 'i32';
    }
    if (!['add', 'sub', 'mul', 'div', 'max', 'min'].includes(op)) throw new Error(`emit: ${this.where} applies ${op} to floats`);
    this.op(`${ta === 'v' ? this.v : this.f}.${op}` as OpName);
    return ta;
  }

  /** A vector's lanes summed as a tree: (l0 + l1), or ((l0 + l1) + (l2 + l3)). */
  private hsum(e: Expr): void {
    const lane = (j: number) => {
      this.want(e, 'v');
      this.op(`${this.v}.extract_lane`, j);
    };
    const add = `${this.f}.add` as OpName;
    lane(0);
    lane(1);
    this.op(add);
    if (this.d.lanes === 4) {
      lane(2);
      lane(3);
      this.op(add);
      this.op(add);
    }
  }

  /** lane j = hsum(vs[j]), by shuffles: pairwise sums of neighbouring lanes, then of pairs. */
  private lanesum(vs: readonly Expr[]): void {
    if (vs.length !== this.d.lanes) throw new Error(`emit: ${this.where} lanesum needs ${this.d.lanes} vectors`);
    const width = 16 / this.d.lanes;
    // Byte indices of a shuffle picking lanes (of a: 0 … L−1, of b: L … 2L−1).
    const pick = (lanes: number[]) => lanes.flatMap((l) => Array.from({ length: width }, (_, i) => l * width + i));
    const pair = (a: () => void, b: () => void, even: number[], odd: number[]) => {
      a(); b(); this.op('i8x16.shuffle', ...pick(even));
      a(); b(); this.op('i8x16.shuffle', ...pick(odd));
      this.op(`${this.v}.add`);
    };
    const push = (e: Expr) => () => this.want(e, 'v');
    if (this.d.lanes === 2) {
      pair(push(vs[0]), push(vs[1]), [0, 2], [1, 3]);
      return;
    }
    // [a0+a1, b0+b1, a2+a3, b2+b3] and the same for c, d; then their halves added.
    const half = (a: Expr, b: Expr) => () => pair(push(a), push(b), [0, 4, 2, 6], [1, 5, 3, 7]);
    pair(half(vs[0], vs[1]), half(vs[2], vs[3]), [0, 1, 4, 5], [2, 3, 6, 7]);
  }
}
