import { typeError } from '../errors/messages.js';

let debugMode = false;

/**
 * Debug (anomaly) mode: while on, the first op whose result or local derivative is NaN throws a
 * RangeError naming the op, its operands and where, on every engine: building Values, backward,
 * the compiled tape (forward, backward, run: the tape slot and example), evaluate() and
 * jvp/jacobian/hvp. A call that throws changes no grad. Off by default; when off it costs one
 * branch taken only for a NaN result.
 * @example setDebug(true); new Value(-1).log(); // RangeError: … log(-1) produced NaN …
 * @throws TypeError if on is not a boolean (a string such as 'true' is not taken as false)
 * @category Values and ops
 */
export function setDebug(on: boolean): void {
  if (typeof on !== 'boolean') throw typeError('setDebug', 'on', 'true or false', on);
  debugMode = on;
}

/**
 * Whether debug (anomaly) mode is on.
 * @category Values and ops
 * @example isDebug() // false unless setDebug(true) was called
 */
export function isDebug(): boolean {
  return debugMode;
}
