import type { Value } from './value.js';

/**
 * The mark every Value carries, so the graph walker and the printers can check an argument
 * without importing the class (value.ts imports them: backward and toString), which keeps the
 * engine free of import cycles. Module-local, so it means exactly what `instanceof Value` means.
 */
export const VALUE_MARK: unique symbol = Symbol('chainrule.Value');

/** @internal True for a Value made by this copy of chainrule. */
export function isValue(x: unknown): x is Value {
  return typeof x === 'object' && x !== null && (x as { [VALUE_MARK]?: unknown })[VALUE_MARK] === true;
}
