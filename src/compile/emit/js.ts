import type { Dialect, Expr, Kernel, Stmt, Ty } from './ir.js';

/**
 * The JavaScript writer of the emitter: a kernel in the form of ir.ts → the text of a function
 * `function name(mem, plan, ...params)` computing what its WebAssembly twin computes, operation for
 * operation: a vector is `lanes` scalars (acc_0, acc_1, …), float32 results are rounded after every
 * operation (Math.fround, as WebAssembly's f32 arithmetic rounds), sums of lanes keep the same tree.
 * `mem` holds the views `F` (floats) and `I` (int32) of one buffer; `plan` the fields a kernel
 * generic over shapes reads. The text refers to `fr` (Math.fround) and to the functions it calls by
 * name: the caller binds them (see kernel-text.ts).
 */
export function jsFunction(k: Kernel, d: Dialect): string {
  const types = new Map<string, Ty>();
  for (const v of [...k.params, ...k.locals]) types.set(v.name, v.ty);
  const w = new JsWriter(types, d, k.name);
  const lanes = (name: string) => (types.get(name) === 'v' ? Array.from({ length: d.lanes }, (_, j) => `${name}_${j}`) : [name]);
  const decls = k.locals.flatMap((v) => lanes(v.name).map((n) => `${n} = 0`));
  const params = ['mem', 'plan', ...k.params.map((p) => p.name)];
  const body = k.body.map((s) => w.stmt(s, '  ')).join('\n');
  return [
    `function ${k.name}(${params.join(', ')}) {`,
    '  const F = mem.F, I = mem.I;',
    ...(decls.length > 0 ? [`  let ${decls.join(', ')};`] : []),
    body,
    '}',
  ].join('\n');
}

class JsWriter {
  constructor(
    private readonly types: Map<string, Ty>,
    private readonly d: Dialect,
    private readonly where: string,
  ) {}

  /** Rounds a float result to float32 where the dialect is f32. */
  private round(x: string): string {
    return this.d.float === 'f32' ? `fr(${x})` : x;
  }

  private typeOf(name: string): Ty {
    const ty = this.types.get(name);
    if (ty === undefined) throw new Error(`emit: ${this.where} uses undeclared ${name}`);
    return ty;
  }

  stmt(s: Stmt, pad: string): string {
    switch (s.s) {
      case 'set': {
        const ty = this.typeOf(s.name);
        const lanes = this.expr(s.v);
        if (ty !== 'v') return `${pad}${s.name} = ${one(lanes)};`;
        // Lane j of a lane-wise expression reads lane j only; one that mixes lanes (a lanesum of
        // the target, say) goes through temporaries.
        const targets = lanes.map((_, j) => `${s.name}_${j}`);
        if (!mixesLanes(s.v, s.name)) return targets.map((t, j) => `${pad}${t} = ${lanes[j]};`).join('\n');
        return `${pad}{ ${lanes.map((l, j) => `const t${j} = ${l};`).join(' ')} ${targets.map((t, j) => `${t} = t${j};`).join(' ')} }`;
      }
      case 'storeF': {
        const at = one(this.expr(s.at));
        return this.expr(s.v).map((l, j) => `${pad}F[${offset(at, j)}] = ${l};`).join('\n');
      }
      case 'storeI':
        return `${pad}I[${one(this.expr(s.at))}] = ${one(this.expr(s.v))};`;
      case 'for': {
        const body = s.body.map((b) => this.stmt(b, `${pad}  `)).join('\n');
        return `${pad}for (${s.i} = ${one(this.expr(s.from))}; ${s.i} < ${one(this.expr(s.to))}; ${s.i} += ${one(this.expr(s.step))}) {\n${body}\n${pad}}`;
      }
      case 'if': {
        const then = s.then.map((b) => this.stmt(b, `${pad}  `)).join('\n');
        const otherwise = s.else.length > 0 ? ` else {\n${s.else.map((b) => this.stmt(b, `${pad}  `)).join('\n')}\n${pad}}` : '';
        return `${pad}if (${one(this.expr(s.c))}) {\n${then}\n${pad}}${otherwise}`;
      }
    }
  }

  /** The expression's lanes (one string for a scalar). */
  expr(e: Expr): string[] {
    const L = this.d.lanes;
    switch (e.e) {
      case 'int':
        return [e.v < 0 ? `(${e.v})` : String(e.v)];
      case 'zero':
        return e.ty === 'v' ? new Array<string>(L).fill('0') : ['0'];
      case 'get':
        return this.typeOf(e.name) === 'v' ? Array.from({ length: L }, (_, j) => `${e.name}_${j}`) : [e.name];
      case 'field':
        return [`plan.${e.name}`];
      case 'un': {
        const a = this.expr(e.a);
        if (e.op === 'ptr') return a;
        if (e.op === 'splat') return new Array<string>(L).fill(one(a));
        const f = e.op === 'abs' ? (x: string) => `Math.abs(${x})` : e.op === 'neg' ? (x: string) => `(-${x})` : (x: string) => this.round(`Math.sqrt(${x})`);
        return a.map(f);
      }
      case 'bin': {
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        const isFloat = this.isFloat(e.a);
        const op = { add: '+', sub: '-', mul: '*', div: '/', shl: '<<', and: '&', lt: '<', ge: '>=', eq: '===', ne: '!==' }[e.op as string];
        return a.map((x, j) => {
          const y = b.length === 1 ? b[0] : b[j];
          if (e.op === 'max' || e.op === 'min') return `Math.${e.op}(${x}, ${y})`;
          const text = `(${x} ${op} ${y})`;
          return isFloat && e.op !== 'lt' && e.op !== 'ge' && e.op !== 'eq' && e.op !== 'ne' ? this.round(text) : text;
        });
      }
      case 'madd': {
        if (this.d.fma) throw new Error(`emit: ${this.where}: JavaScript has no fused multiply-add`);
        const [a, b, c] = [this.expr(e.a), this.expr(e.b), this.expr(e.c)];
        return a.map((x, j) => this.round(`(${this.round(`(${x} * ${b[j]})`)} + ${c[j]})`));
      }
      case 'loadF': {
        const at = one(this.expr(e.at));
        if (e.shape === 'f') return [`F[${at}]`];
        if (e.shape === 'splat') return new Array<string>(L).fill(`F[${at}]`);
        return Array.from({ length: L }, (_, j) => `F[${offset(at, j)}]`);
      }
      case 'loadI':
        return [`I[${one(this.expr(e.at))}]`];
      case 'hsum':
        return [this.tree(this.expr(e.v))];
      case 'lanesum':
        return e.vs.map((v) => this.tree(this.expr(v)));
      case 'make':
        return e.lanes.map((l) => one(this.expr(l)));
      case 'shuffle': {
        const both = [...this.expr(e.a), ...this.expr(e.b)];
        return e.lanes.map((l) => both[l]);
      }
      case 'call':
        return [`${e.fn}(${e.args.map((a) => one(this.expr(a))).join(', ')})`];
    }
  }

  /** (l0 + l1), or ((l0 + l1) + (l2 + l3)): the order WebAssembly's shuffles add lanes in. */
  private tree(l: string[]): string {
    const add = (x: string, y: string) => this.round(`(${x} + ${y})`);
    return l.length === 2 ? add(l[0], l[1]) : add(add(l[0], l[1]), add(l[2], l[3]));
  }

  /** True when e is a float or vector expression (arithmetic on it rounds in f32). */
  private isFloat(e: Expr): boolean {
    switch (e.e) {
      case 'int':
      case 'field':
      case 'loadI':
        return false;
      case 'get':
        return this.typeOf(e.name) === 'f' || this.typeOf(e.name) === 'v';
      case 'un':
        return e.op !== 'ptr';
      case 'bin':
        return this.isFloat(e.a);
      default:
        return true;
    }
  }
}

function one(lanes: string[]): string {
  if (lanes.length !== 1) throw new Error('emit: a vector where a scalar belongs');
  return lanes[0];
}

/** `at + j` as text. */
function offset(at: string, j: number): string {
  return j === 0 ? at : `${at} + ${j}`;
}

/** True when e reads other lanes of the vector `name` than the one it computes (lanesum, hsum, splat of it). */
function mixesLanes(e: Expr, name: string): boolean {
  switch (e.e) {
    case 'hsum':
    case 'lanesum':
    case 'make':
    case 'shuffle':
      return mentions(e, name);
    case 'un':
      return e.op === 'splat' ? mentions(e.a, name) : mixesLanes(e.a, name);
    case 'bin':
      return mixesLanes(e.a, name) || mixesLanes(e.b, name);
    case 'madd':
      return mixesLanes(e.a, name) || mixesLanes(e.b, name) || mixesLanes(e.c, name);
    default:
      return false;
  }
}

/** True when e reads the local `name`. */
function mentions(e: Expr, name: string): boolean {
  switch (e.e) {
    case 'get':
      return e.name === name;
    case 'bin':
      return mentions(e.a, name) || mentions(e.b, name);
    case 'un':
      return mentions(e.a, name);
    case 'madd':
      return mentions(e.a, name) || mentions(e.b, name) || mentions(e.c, name);
    case 'loadF':
    case 'loadI':
      return mentions(e.at, name);
    case 'hsum':
      return mentions(e.v, name);
    case 'lanesum':
      return e.vs.some((v) => mentions(v, name));
    case 'make':
      return e.lanes.some((l) => mentions(l, name));
    case 'shuffle':
      return mentions(e.a, name) || mentions(e.b, name);
    case 'call':
      return e.args.some((a) => mentions(a, name));
    default:
      return false;
  }
}
