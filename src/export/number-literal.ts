import { leafDataError } from '../errors/messages.js';
import type { Value } from '../engine/value.js';

/**
 * What a numeric literal of generated code looks like: a double as String() writes it, the
 * negative ones in parentheses, and NaN. Nothing else can come out of {@link numberLiteral}.
 */
const NUMERIC = /^(?:NaN|Infinity|\d+(?:\.\d+)?(?:e[+-]\d+)?|\(-(?:Infinity|\d+(?:\.\d+)?(?:e[+-]\d+)?)\))$/;

/**
 * @internal The one printer of a node's data into generated code: a JavaScript numeric literal
 * that reads back as the same double (−0 as `(-0)`, negatives parenthesised so `a - (-1)` stays
 * a subtraction, NaN of any payload as `NaN`). A leaf's data is a public field that plain
 * JavaScript can set to anything — text that reads as code, an object whose toString returns
 * code — so it is checked here, where it is printed: anything but a number throws, naming the
 * node, and is never converted to text. `name` describes the node; it is called only to throw.
 * @throws TypeError naming the node when its data is not a number
 */
export function numberLiteral(where: string, node: Value, name: () => string): string {
  const x: unknown = node.data;
  if (typeof x !== 'number') throw leafDataError(where, name(), x);
  const text = x !== x ? 'NaN' : Object.is(x, -0) ? '(-0)' : x < 0 ? `(${x})` : `${x}`;
  // String(number) only writes these forms; the check keeps the promise if that ever changed.
  if (!NUMERIC.test(text)) throw leafDataError(where, name(), x);
  return text;
}
