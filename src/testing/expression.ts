import { checkOptionKeys, rangeError, typeError } from '../errors/messages.js';
import { OPS, Value, applyOp, constant, type OpInterval, type OpName, type ScalarFunction } from '../index.js';

/**
 * A node of a random expression tree: a variable, a constant, a table op over subtrees, or an
 * integer power base^k (a pow node with a constant integer exponent, defined for any real base).
 * @category Testing
 */
export type ExpressionNode =
  | {
      /** A variable. */
      readonly kind: 'variable';
      /** Its position in the expression's variables. */
      readonly index: number;
    }
  | {
      /** A constant. */
      readonly kind: 'constant';
      /** Its value. */
      readonly value: number;
    }
  | {
      /** An op of the table over subtrees. */
      readonly kind: 'op';
      /** The op's name. */
      readonly op: OpName;
      /** Its operands, laid out as the op's inputs. */
      readonly args: readonly ExpressionNode[];
    }
  | {
      /** An integer power base^k (defined for any real base). */
      readonly kind: 'power';
      /** The base. */
      readonly base: ExpressionNode;
      /** The integer exponent k. */
      readonly exponent: number;
    };

/**
 * What {@link Expression.isSmoothAt} demands of a sample point.
 * @category Testing
 */
export interface SmoothnessOptions {
  /** Half-width of the box around the point that must be free of kinks and domain edges. @defaultValue 1e-3 */
  radius?: number;
  /** Bound on |value| of every subexpression at the checked points. @defaultValue 1e4 */
  maxMagnitude?: number;
}

/**
 * A random expression over numbered variables, as produced by `arbExpression`: it can be built
 * into a Value graph at a point (`fn`, `build`), evaluated on plain numbers (`evaluate`, read off
 * the op table), and asked whether a point is safe for finite differences (`isSmoothAt`).
 *
 * @category Testing
 * @example
 * const e = new Expression({ kind: 'op', op: 'exp', args: [{ kind: 'variable', index: 0 }] }, ['x']);
 * e.evaluate([0]); // 1
 */
export class Expression {
  /**
   * An expression over `variables` (names; a variable node's index points into them).
   * @throws TypeError if variables is not an array of strings or root is not an ExpressionNode
   *   tree; RangeError for a variable index out of range, an unknown op or a wrong number of args
   */
  constructor(
    /** The expression tree. */
    readonly root: ExpressionNode,
    /** The variable names; a `variable` node's index points into this list. */
    readonly variables: readonly string[],
  ) {
    if (!Array.isArray(variables)) throw typeError('Expression', 'variables', 'an array of names', variables);
    variables.forEach((name, i) => {
      if (typeof name !== 'string') throw typeError('Expression', `variables[${i}]`, 'a string', name);
    });
    checkTree(root, variables.length);
  }

  /** The expression as a function of its variables' Values, for gradcheck, grad and valueAndGrad. */
  get fn(): ScalarFunction {
    return (...vars: Value[]) => this.build(vars);
  }

  /** Builds the Value graph over the given variable Values (one per variable). */
  build(vars: readonly Value[]): Value {
    if (!Array.isArray(vars)) throw typeError('Expression.build', 'vars', 'an array of Values', vars);
    if (vars.length !== this.variables.length) {
      throw rangeError('Expression.build', 'vars', `an array of length ${this.variables.length}`, vars);
    }
    vars.forEach((v, i) => {
      if (!(v instanceof Value)) throw typeError('Expression.build', `vars[${i}]`, 'a Value', v);
    });
    return fold<Value>(this.root, {
      variable: (i) => vars[i],
      constant: (c) => constant(c),
      op: (op, args) => applyOp(op, args),
      power: (base, k) => base.pow(constant(k)),
    });
  }

  /** The value at a point. */
  evaluate(point: readonly number[]): number {
    this.checkPoint('Expression.evaluate', point);
    return this.build(point.map((x) => constant(x))).data;
  }

  /**
   * True when, at the point and at the 2n finite-difference points point ± radius·max(1, |x_i|)·e_i,
   * every subexpression and every op's local partial is finite and bounded, every operand lies in its op's domain ('positive'
   * operands positive — the base of an integer power excepted — interval operands inside), and
   * no kink (relu, abs, …), piece boundary (tan's poles, max's ties) or 1/16 period of sin,
   * cos, tan is crossed — so central
   * differences around the point see a smooth function.
   */
  isSmoothAt(point: readonly number[], options: SmoothnessOptions = {}): boolean {
    this.checkPoint('Expression.isSmoothAt', point);
    checkOptionKeys('Expression.isSmoothAt', options, ['radius', 'maxMagnitude']);
    checkSmoothness('Expression.isSmoothAt', options);
    const { radius = 1e-3, maxMagnitude = 1e4 } = options;
    const reference = this.signature(point, maxMagnitude);
    if (reference === null) return false;
    for (let i = 0; i < point.length; i++) {
      for (const s of [-1, 1]) {
        const moved = point.slice();
        moved[i] += s * radius * Math.max(1, Math.abs(point[i]));
        const sig = this.signature(moved, maxMagnitude);
        if (sig === null || sig !== reference) return false;
      }
    }
    return true;
  }

  /** Infix text using the variable names (constants in full precision). */
  toString(): string {
    const names = this.variables.map((name) => new Value(0, name));
    return this.build(names).toString();
  }

  /** Throws unless point has one number (not NaN) per variable. */
  private checkPoint(where: string, point: unknown): void {
    if (!Array.isArray(point)) throw typeError(where, 'point', 'an array of numbers', point);
    if (point.length !== this.variables.length) throw rangeError(where, 'point', `an array of length ${this.variables.length}`, point);
    point.forEach((x, i) => {
      if (typeof x !== 'number') throw typeError(where, `point[${i}]`, 'a number', x);
      if (x !== x) throw rangeError(where, `point[${i}]`, 'a number other than NaN', x);
    });
  }

  /** The side of every kink and piece as a string, or null if a domain or magnitude check fails. */
  private signature(point: readonly number[], maxMagnitude: number): string | null {
    const sides: (string | number)[] = [];
    let ok = true;
    const bounded = (v: number) => {
      if (!(Math.abs(v) <= maxMagnitude)) ok = false;
      return v;
    };
    fold<number>(this.root, {
      variable: (i) => bounded(point[i]),
      constant: (c) => bounded(c),
      // Once a check fails the rest is moot (and a NaN operand would make applyOp throw).
      power: (base, k) => (ok ? bounded(applyOp('pow', [base, k]).data) : NaN),
      op: (op, args) => {
        if (!ok) return NaN;
        const spec = OPS[op];
        const { arity, domain } = spec;
        if (arity !== 'n' && !args.every((a, i) => inDomain(a, domain.inputs[i]))) ok = false;
        // Every operand's side (hypot(a, b) is |b| where a is 0: a kink in either operand).
        if (domain.kinkAtZero) for (const a of args) sides.push(a > 0 ? '+' : '-');
        if (domain.piece !== undefined) sides.push(domain.piece(args[0], args[1] ?? 0));
        if (domain.period !== undefined) sides.push(Math.floor(args[0] / (domain.period / 16)));
        const y = bounded(applyOp(op, args).data);
        // A bounded partial too: cbrt'(0) = ∞ times an inner partial 0 is NaN, not a gradient.
        if (arity !== 'n') for (let i = 0; i < arity; i++) bounded(spec.local(i, args[0], args[1] ?? 0, y));
        return y;
      },
    });
    return ok ? sides.join(',') : null;
  }
}

function inDomain(x: number, domain: 'real' | 'positive' | OpInterval): boolean {
  if (domain === 'real') return true;
  if (domain === 'positive') return x > 0;
  return x > domain.min && x < domain.max;
}

interface Folder<T> {
  variable(index: number): T;
  constant(value: number): T;
  op(op: OpName, args: T[]): T;
  power(base: T, exponent: number): T;
}

/** Post-order fold over the tree with an explicit stack (trees may be deep). */
function fold<T>(root: ExpressionNode, f: Folder<T>): T {
  const results: T[] = [];
  const stack: { node: ExpressionNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if (node.kind === 'variable') results.push(f.variable(node.index));
    else if (node.kind === 'constant') results.push(f.constant(node.value));
    else if (node.kind === 'power') {
      if (top.expanded) results.push(f.power(results.pop()!, node.exponent));
      else stack.push({ node, expanded: true }, { node: node.base, expanded: false });
    } else if (top.expanded) results.push(f.op(node.op, results.splice(results.length - node.args.length)));
    else {
      stack.push({ node, expanded: true });
      for (let i = node.args.length - 1; i >= 0; i--) stack.push({ node: node.args[i], expanded: false });
    }
  }
  return results[0];
}

/**
 * @internal Throws unless radius is a positive finite number and maxMagnitude a positive number
 * (Infinity allowed), when given.
 */
export function checkSmoothness(where: string, options: SmoothnessOptions, what = 'options'): void {
  const { radius, maxMagnitude } = options;
  if (radius !== undefined && !(typeof radius === 'number' && radius > 0 && Number.isFinite(radius))) {
    throw (typeof radius === 'number' ? rangeError : typeError)(where, `${what}.radius`, 'a positive finite number', radius);
  }
  if (maxMagnitude !== undefined && !(typeof maxMagnitude === 'number' && maxMagnitude > 0)) {
    throw (typeof maxMagnitude === 'number' ? rangeError : typeError)(where, `${what}.maxMagnitude`, 'a positive number', maxMagnitude);
  }
}

/** Throws unless `root` is a well-formed tree over `variableCount` variables (explicit stack: trees may be deep). */
function checkTree(root: unknown, variableCount: number): void {
  const stack: { node: unknown; path: string }[] = [{ node: root, path: 'root' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) throw typeError('Expression', path, 'an ExpressionNode', node);
    const n = node as Partial<Record<'kind' | 'index' | 'value' | 'op' | 'args', unknown>>;
    if (n.kind === 'variable') {
      if (!(Number.isInteger(n.index) && (n.index as number) >= 0 && (n.index as number) < variableCount)) {
        throw rangeError('Expression', `${path}.index`, `an integer in [0, ${variableCount - 1}]`, n.index);
      }
    } else if (n.kind === 'constant') {
      if (typeof n.value !== 'number' || n.value !== n.value) throw typeError('Expression', `${path}.value`, 'a number other than NaN', n.value);
    } else if (n.kind === 'op') {
      if (typeof n.op !== 'string' || !Object.hasOwn(OPS, n.op)) throw rangeError('Expression', `${path}.op`, 'the name of an op of the table', n.op);
      const spec = OPS[n.op as OpName];
      if (!Array.isArray(n.args)) throw typeError('Expression', `${path}.args`, 'an array of ExpressionNodes', n.args);
      const fits = spec.arity === 'n' ? n.args.length > 0 && n.args.length % spec.group === 0 : n.args.length === spec.arity;
      if (!fits) throw rangeError('Expression', `${path}.args.length`, spec.arity === 'n' ? `a positive multiple of ${spec.group}` : String(spec.arity), n.args.length);
      n.args.forEach((arg, i) => stack.push({ node: arg, path: `${path}.args[${i}]` }));
    } else if (n.kind === 'power') {
      const p = node as Partial<Record<'base' | 'exponent', unknown>>;
      if (!Number.isInteger(p.exponent)) throw rangeError('Expression', `${path}.exponent`, 'an integer', p.exponent);
      stack.push({ node: p.base, path: `${path}.base` });
    } else {
      throw typeError('Expression', `${path}.kind`, "'variable', 'constant', 'op' or 'power'", n.kind);
    }
  }
}
