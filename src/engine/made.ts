import type { Value } from './value.js';

/**
 * The order Values are made in: each gets the next number of one count (`Value.made`), so a node's
 * inputs always have smaller numbers than the node — until the count wraps. backward releases
 * nodes in decreasing `made` and notices an order a wrap broke (a node reached again after its
 * release); it then renumbers the graph and sweeps again.
 *
 * The count stays a small integer: a double field would cost a heap number per Value (a quarter
 * more time to build a graph).
 */

const LIMIT = 2 ** 30 - 1;
let next = 0;

/** @internal The number of the Value being made. */
export function nextMade(): number {
  const made = next;
  next = made === LIMIT ? 0 : made + 1;
  return made;
}

/**
 * @internal Gives `nodes` (a topological order, inputs first) fresh increasing numbers, from 0 if
 * they would pass the limit: their order is right again, and Values made later come after them.
 */
export function renumber(nodes: readonly Value[]): void {
  if (next + nodes.length > LIMIT) next = 0;
  for (let i = 0; i < nodes.length; i++) nodes[i].made = next++;
}
