import { rangeError } from '../errors.js';
import { Value, applyOp, constant, topologicalOrder, type OpName, type ScalarFunction } from '../index.js';

/** A node of a random expression tree: a variable, a constant, or a table op over subtrees. */
export type ExpressionNode =
  | { readonly kind: 'variable'; readonly index: number }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'op'; readonly op: OpName; readonly args: readonly ExpressionNode[] };

/** What {@link Expression.check} demands of a sample point. */
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
 */
export class Expression {
  constructor(
    readonly root: ExpressionNode,
    readonly variables: readonly string[],
  ) {}

  /** The expression as a function of its variables' Values, for gradcheck, grad and valueAndGrad. */
  get fn(): ScalarFunction {
    return (...vars: Value[]) => this.build(vars);
  }

  /** Builds the Value graph over the given variable Values (one per variable). */
  build(vars: readonly Value[]): Value {
    if (vars.length !== this.variables.length) {
      throw rangeError('Expression.build', 'vars', `an array of length ${this.variables.length}`, vars);
    }
    return fold<Value>(this.root, {
      variable: (i) => vars[i],
      constant: (c) => constant(c),
      op: (op, args) => applyOp(op, args),
    });
  }

  /** The value at a point. */
  evaluate(point: readonly number[]): number {
    return this.build(point.map((x) => constant(x))).data;
  }

  /**
   * True when, at the point and at the 2n finite-difference points point ± radius·max(1, |x_i|)·e_i,
   * every subexpression is finite and bounded, every 'positive' operand is positive, and no kink
   * (relu, step) changes side — so central differences around the point see a smooth function.
   */
  isSmoothAt(point: readonly number[], options: SmoothnessOptions = {}): boolean {
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

  /** The side of every kink as a string, or null if a domain or magnitude check fails. */
  private signature(point: readonly number[], maxMagnitude: number): string | null {
    const y = this.build(point.map((x) => constant(x)));
    let sides = '';
    for (const node of topologicalOrder([y])) {
      if (!(Math.abs(node.data) <= maxMagnitude)) return null;
      if (node.op === '') continue;
      const spec = node.spec!;
      if (spec.arity !== 'n' && node.inputs.some((a, i) => spec.domain.inputs[i] === 'positive' && !(a.data > 0))) return null;
      if (spec.domain.kinkAtZero) sides += node.inputs[0].data > 0 ? '+' : '-';
    }
    return sides;
  }
}

interface Folder<T> {
  variable(index: number): T;
  constant(value: number): T;
  op(op: OpName, args: T[]): T;
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
    else if (top.expanded) results.push(f.op(node.op, results.splice(results.length - node.args.length)));
    else {
      stack.push({ node, expanded: true });
      for (let i = node.args.length - 1; i >= 0; i--) stack.push({ node: node.args[i], expanded: false });
    }
  }
  return results[0];
}
