import { rangeError, typeError } from '../errors.js';
import { clip } from '../../errors/messages.js';

/**
 * The own options of an options object, checked against the keys the function knows: a typo such
 * as `{ epoch: 5 }` throws naming the key (and the closest known one) instead of being ignored.
 * Keys inherited through a prototype are not options (they never reach the result), so a
 * polluted `Object.prototype` cannot inject one. `undefined` stands for no options.
 * @category Neural nets
 * @throws TypeError if `options` is not an object; RangeError naming the first unknown key
 */
export function ownOptions<K extends string>(where: string, options: unknown, known: readonly K[]): { readonly [P in K]?: unknown } {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw typeError(where, 'options', 'an object', options);
  return ownFields(where, 'options', options as Record<string, unknown>, known, 'option');
}

/**
 * The own fields of `record` as a prototype-free copy, after checking that every own key is one of
 * `known` (`kind` names them in the message: "option", "field").
 * @category Neural nets
 * @throws RangeError naming `<what>.<key>` (the key alone when `what` is '') for the first unknown key
 */
export function ownFields<K extends string>(where: string, what: string, record: Record<string, unknown>, known: readonly K[], kind: string): { readonly [P in K]?: unknown } {
  const fields: Record<string, unknown> = Object.create(null);
  // Own names, enumerable or not; JSON.parse makes "__proto__" an own key, which is listed here too.
  for (const key of Object.getOwnPropertyNames(record)) {
    if (!(known as readonly string[]).includes(key)) {
      const list = known.map((k) => `"${k}"`).join(', ');
      const near = closest(key, known);
      throw rangeError(where, what === '' ? clip(key) : `${what}.${clip(key)}`, `a known ${kind} (one of ${list})`, record[key], near === undefined ? undefined : `Did you mean "${near}"?`);
    }
    fields[key] = record[key];
  }
  return fields as { readonly [P in K]?: unknown };
}

/** The known key nearest to `key` (case-insensitive), if it is a likely typo: one edit per three letters. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn a into b: "nosie" is 1 from "noise". */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) next[j] = Math.min(next[j], before[j - 2] + 1);
    }
    [before, row] = [row, next];
  }
  return row[b.length];
}
