import type { OpName } from '../ops.js';

/**
 * An op's JavaScript form: the expression of its forward value over its operands, each a plain
 * identifier or a parenthesised literal (so an operand may appear twice). n-ary ops get the whole
 * input list, laid out as the op's inputs are. It must compute exactly what the table's `forward`
 * computes (the same operations in the same order), so exported code agrees with the tape to the bit.
 */
export type JsForm = (args: readonly string[]) => string;

/** A numeric literal as the exporters print it (negative ones in parentheses). */
const NUMBER = /^\(?-?(\d|Infinity|NaN)/;

const infix = (symbol: string): JsForm => ([a, b]) => `${a} ${symbol} ${b}`;

/** Each op's JavaScript form; an op without one cannot be exported by toSource. */
export const JS_FORMS: Readonly<Partial<Record<OpName, JsForm>>> = {
  add: infix('+'),
  sub: infix('-'),
  mul: infix('*'),
  div: infix('/'),
  neg: ([a]) => `-${a}`,
  // The table's a·a for the exponent 2; decided while printing when the exponent is a literal.
  pow: ([a, b]) => (b === '2' ? `${a} * ${a}` : NUMBER.test(b) ? `Math.pow(${a}, ${b})` : `${b} === 2 ? ${a} * ${a} : Math.pow(${a}, ${b})`),
  exp: ([a]) => `Math.exp(${a})`,
  log: ([a]) => `Math.log(${a})`,
  sigmoid: ([a]) => `${a} >= 0 ? 1 / (1 + Math.exp(-${a})) : Math.exp(${a}) / (1 + Math.exp(${a}))`,
  tanh: ([a]) => `Math.tanh(${a})`,
  relu: ([a]) => `${a} > 0 ? ${a} : 0`,
  step: ([a]) => `${a} > 0 ? 1 : 0`,
  logpos: ([a]) => `${a} > 0 ? Math.log(${a}) : 0`,
  softplus: ([a]) => `${a} > 0 ? ${a} + Math.log1p(Math.exp(-${a})) : Math.log1p(Math.exp(${a}))`,
  stopGradient: ([a]) => a,
  // ln Σ e^(v_i) shifted by the largest operand, as the table's forwardAll computes it
  logsumexp: (args) =>
    `((v) => { let m = -Infinity; for (const x of v) if (x > m) m = x; if (m === -Infinity || m === Infinity || m !== m) return m; let s = 0; for (const x of v) s += Math.exp(x - m); return m + Math.log(s); })([${args.join(', ')}])`,
  strongMul: ([a, b]) => `${a} === 0 || ${b} === 0 ? 0 : ${a} * ${b}`,
  // The tape sums terms from 0, left to right: 0 + t_0 + t_1 + … in JavaScript's left-to-right order.
  sum: (args) => ['0', ...args].join(' + '),
  dot: (args) => {
    const n = args.length / 2;
    return ['0', ...Array.from({ length: n }, (_, k) => `${args[k]} * ${args[k + n]}`)].join(' + ');
  },
};
