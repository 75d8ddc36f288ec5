import { holeError, leafDataError, leafName, rangeError, typeError } from './messages.js';
import { Value } from '../engine/value.js';

/**
 * @internal The argument checks grad, valueAndGrad, hessian and the forward-mode functions share.
 * f must get one number per declared parameter (any count when it declares none, e.g. a rest
 * parameter).
 */
export function checkArity(where: string, what: string, f: { readonly length: number }, count: number): void {
  if (f.length > 0 && count !== f.length) {
    throw rangeError(where, what, `${f.length} (f declares ${f.length} parameter${f.length === 1 ? '' : 's'})`, count);
  }
}

/** @internal Throws unless every entry of `xs` is a number other than NaN, naming `what[i]` (a hole too). */
export function checkNumberList(where: string, what: string, xs: ArrayLike<unknown>): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== 'number') throw i in xs ? typeError(where, `${what}[${i}]`, 'a number', x) : holeError(where, `${what}[${i}]`, 'a number');
    if (x !== x) throw rangeError(where, `${what}[${i}]`, 'a number other than NaN', x);
  }
}

/**
 * @internal Throws unless `values` is an array of Values (a non-empty one with `nonEmpty`), naming
 * `what[i]` for the first entry that is not, or is a hole; `expected` says what the array must be.
 */
export function checkValueList(where: string, what: string, values: unknown, expected = 'an array of Values', nonEmpty = false): asserts values is Value[] {
  if (!Array.isArray(values) || (nonEmpty && values.length === 0)) throw typeError(where, what, expected, values);
  // A plain loop: forEach would skip a hole.
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] instanceof Value)) throw i in values ? typeError(where, `${what}[${i}]`, 'a Value', values[i]) : holeError(where, `${what}[${i}]`, 'a Value');
  }
}

/** @internal Throws unless `inputs` lists distinct leaf Values (the inputs of an exported graph). */
export function checkInputLeaves(where: string, what: string, inputs: unknown): asserts inputs is Value[] {
  checkValueList(where, what, inputs, 'an array of leaf Values');
  const seen = new Set<Value>();
  inputs.forEach((x, i) => {
    if (x.op !== '') throw rangeError(where, `${what}[${i}]`, 'a leaf Value', `a ${x.op} node`);
    if (seen.has(x)) throw rangeError(where, `${what}[${i}]`, 'a Value not listed before', x.label || x.data);
    seen.add(x);
  });
}

/**
 * @internal Throws unless every leaf of `order` (topologicalOrder(outputs)) holds a number: a
 * leaf's data is a public field, and code generators (toSource, compile) embed it.
 */
export function checkLeafData(where: string, order: readonly Value[]): void {
  for (let s = 0; s < order.length; s++) {
    const v = order[s];
    if (v.spec === null && typeof v.data !== 'number') throw leafDataError(where, leafName(v.label, `node ${s} of topologicalOrder(outputs)`), v.data);
  }
}
