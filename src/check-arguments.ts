import { rangeError, typeError } from './errors.js';

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

/** @internal Throws unless every entry of `xs` is a number other than NaN, naming `what[i]`. */
export function checkNumberList(where: string, what: string, xs: ArrayLike<unknown>): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== 'number') throw typeError(where, `${what}[${i}]`, 'a number', x);
    if (x !== x) throw rangeError(where, `${what}[${i}]`, 'a number other than NaN', x);
  }
}
