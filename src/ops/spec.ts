import type { JsForm, OnnxForm } from './forms.js';
import type { Value } from '../engine/value.js';

/**
 * The shape of an op table entry (ops/table.ts assembles the entries; defineOp makes user ones).
 * Every primitive is one entry: forward value, numeric local derivative (used by backward and
 * the compiled tape), symbolic local derivative (Value expressions, used by derivative()),
 * text/LaTeX/Graphviz forms, the domain facts the test arbitraries need, and the facts simplify,
 * compile and the exporters read. Nothing else in chainrule knows a rule or a fact about an op.
 *
 * Numeric conventions: unary ops ignore `b`; `y` is the op's own output, reused where the
 * derivative is cheaper in terms of it (exp, sigmoid, tanh), as JAX's defjvp2 does.
 *
 * n-ary ops (sum, dot) are sums of terms over groups of inputs: with g inputs per group and
 * n = inputs.length / g groups, group k is (inputs[k], inputs[k + n], …). `forward` and `local`
 * then describe one term: sum's term is a, dot's is a·b. So a neuron's weighted sum is one node.
 * A general n-ary op (logsumexp) is not a sum of terms: it has group 1 and `forwardAll`, the value
 * from all operands at once; its `local(0, a_k, s, y)` is ∂y/∂a_k, with s = `localShared` of the
 * node's operands. ops/layout.ts is the one reader of this layout.
 */

/**
 * Makes a constant (no-gradient) Value; symbolic rules use it for literal numbers.
 * @category Values and ops
 */
export type ConstantMaker = (n: number) => Value;

/**
 * How an op prints as text: infix `a + b`, prefix `-a`, or a call `exp(a)`.
 * @category Values and ops
 */
export interface TextForm {
  /** Where the symbol goes: between the operands, before the one operand, or as a call name. */
  readonly form: 'infix' | 'prefix' | 'call';
  /** The printed operator or function name ('+', '-', 'exp'). */
  readonly symbol: string;
  /** Binding strength: higher binds tighter (add 1, mul 2, neg 3, pow 4, calls and leaves 5). */
  readonly prec: number;
  /** Which operand may sit at equal precedence without parentheses. */
  readonly assoc?: 'left' | 'right';
}

/**
 * An open interval min < x < max (either end may be infinite): where an input of asin, acosh, … lies.
 * @category Values and ops
 */
export interface OpInterval {
  /** The open interval's lower end. */
  readonly min: number;
  /** The open interval's upper end. */
  readonly max: number;
}

/**
 * What the test arbitraries need to know about where an op is defined and smooth.
 * @category Values and ops
 */
export interface OpDomain {
  /**
   * Per input: 'positive' where the op needs a positive operand (log, the pow base, the div
   * denominator), an open interval where it needs another range (asin: −1 < x < 1), else 'real'.
   */
  readonly inputs: readonly ('real' | 'positive' | OpInterval)[];
  /** The output's sign: always positive, positive when every input is, or anything. */
  readonly sign: 'positive' | 'keeps-positive' | 'any';
  /** True for ops with a kink or jump where an operand is 0 (relu, step, hypot): finite differences fail there. */
  readonly kinkAtZero: boolean;
  /**
   * For ops smooth except on boundaries elsewhere than input 0 (tan's poles, max's ties, atan2's
   * branch cut): which smooth piece the operands are in. Central differences are valid only
   * between points of the same piece.
   */
  readonly piece?: (a: number, b: number) => number;
  /**
   * For periodic ops (sin, cos, tan): the period. Central differences see an oscillation only
   * when the operand moves by much less than it, so the arbitraries treat each 1/16 of a period
   * as a piece (sin of a steep argument is screened out like a kink).
   */
  readonly period?: number;
  /**
   * True when the derivative is 0 by definition rather than the derivative of the forward
   * (stopGradient): finite differences of the value do not apply, so test arbitraries skip it.
   */
  readonly stopsGradient?: boolean;
}

/**
 * What simplify, compile and the exporters may assume about an op, beyond its rules. Every fact
 * is optional, and an absent one is never assumed; defineOp takes all but sumOfProducts (which
 * only an n-ary op can have). test/op-facts.test.ts checks each declared fact on a sweep of inputs.
 */
export interface OpFacts {
  /**
   * A unary op's symmetry, exactly in floating point (the op is computed symmetrically): 'odd'
   * when f(−u) = −f(u), 'even' when f(−u) = f(u). simplify moves the sign out (sin(−x) → −sin(x))
   * or drops it (cos(−x) → cos(x)).
   */
  readonly parity?: 'odd' | 'even';
  /**
   * The name of the op g this unary op undoes: f(g(u)) = u up to rounding wherever g(u) and
   * f(g(u)) are finite (elsewhere the original is undefined), so simplify rewrites f(g(u)) → u.
   * Not declared where g rounds onto a point at which f is far from u: cos(acos(0)) is 6e-17 and
   * tan(atan(1e20)) is 1.6e16 (a pole the original misses only by rounding). The op named may be
   * defined later (an inverse pair of user ops names each other).
   */
  readonly inverseOf?: string;
  /**
   * A lower bound of the output for every input, in floating point (NaN aside): 0 for abs, sqrt
   * and relu, 1 for cosh. simplify proves signs with it (abs(u) → u where u ≥ 0; logpos(u) →
   * log(u) where u > 0, which needs a bound above 0: exp(u) > 0 underflows to 0).
   */
  readonly atLeast?: number;
  /**
   * True when the output is finite wherever the inputs are: bounded (sigmoid, sin) or growing no
   * faster than an input (cbrt, max). simplify uses it where ∞ would matter (a ⊙ b → a·b).
   */
  readonly keepsFinite?: boolean;
  /**
   * True for an n-ary op of group 2 that is exactly Σ_k a_k·b_k: each term is the product a·b with
   * partials b and a. compile runs a dense layer of such nodes on the WebAssembly product kernels,
   * and chainrule/onnx exports it as one MatMul.
   */
  readonly sumOfProducts?: boolean;
}

/**
 * One primitive op (built-in, or made by defineOp with a name of its own).
 * @category Values and ops
 */
export interface OpSpec extends OpFacts {
  /** The op's name: its table key (an {@link OpName} for a built-in op), Value method and `Value.op`. */
  readonly name: string;
  /** Inputs per node: 1, 2, or 'n' for the n-ary sums of terms. */
  readonly arity: 1 | 2 | 'n';
  /**
   * The operands' names, as the op's free function and its errors call them
   * (`chainrule.pow: exponent must be …`). @defaultValue x for a unary op, a and b for a binary one
   */
  readonly operandNames?: readonly string[];
  /** Inputs per term of an n-ary op (sum 1, dot 2); equals arity for unary and binary ops. */
  readonly group: 1 | 2;
  /** Forward value on numbers (for n-ary ops: one term; with `forwardAll`, a single operand). */
  readonly forward: (a: number, b: number) => number;
  /**
   * A general n-ary op (not a sum of terms): the value from all operands in order. Algorithms test
   * `forwardAll !== undefined`, never the op's name. Absent for every other op.
   */
  readonly forwardAll?: (values: ArrayLike<number>) => number;
  /**
   * ∂y/∂input_i on numbers, given the operands and the output y (n-ary: ∂term/∂input_i; with
   * `forwardAll`: ∂y/∂a_k, given as b the node's `localShared`).
   */
  readonly local: (i: number, a: number, b: number, y: number) => number;
  /**
   * A general n-ary op (with `forwardAll`) only: the one number all its partials need besides a_k
   * and y, from every operand and the output, computed once per node and passed to `local` as b
   * (logsumexp: Σ_j e^(a_j − y), the softmax's normaliser, which is 1 but for the rounding of y).
   * Every engine calls it through ops/layout.ts; absent, b is 0.
   */
  readonly localShared?: (values: ArrayLike<number>, y: number) => number;
  /** ∂y/∂input_i as a Value expression built from table ops only, so it can be differentiated again. */
  readonly symbolic: (i: number, a: Value, b: Value, y: Value, k: ConstantMaker) => Value;
  /** How the op prints as text (toText, toString, parse reads it back). */
  readonly text: TextForm;
  /** LaTeX from the operands' LaTeX (already parenthesised where precedence needs it). */
  readonly latex: (args: readonly string[]) => string;
  /** Label of the op's node in Graphviz output. */
  readonly dot: string;
  /**
   * Printing only: how the LaTeX form binds when it differs from `text` — its precedence, and
   * the operands it already groups (in braces or \frac) that never need parentheses. Calls
   * group every operand; n-ary ops print as sums of terms (of products when group is 2).
   */
  readonly latexLayout?: {
    /** Binding strength of the LaTeX form, on the scale of {@link TextForm.prec}. */
    readonly prec: number;
    /** The operands (indices, or all) that the LaTeX form already groups. */
    readonly grouped: 'all' | readonly number[];
  };
  /** Where the op is defined and smooth, for the test arbitraries. */
  readonly domain: OpDomain;
  /** Export only: how the op is written in ONNX (chainrule/onnx); an op without it cannot be exported there. */
  readonly onnx?: OnnxForm;
  /**
   * Export only: the op's forward value as a JavaScript expression (toSource); an op without it
   * cannot be written there. A built-in op has none here: toSource writes it from the text
   * generated from its `forward` (export/forward-js.ts), so the function is written once.
   */
  readonly js?: JsForm;
  /** The op's conventions where its derivative is undefined or infinite (the README's Ops table prints it). */
  readonly convention?: string;
}
