/**
 * `parts` separated by `separator`, built by concatenation: the engine links the parts' strings
 * instead of copying them as Array.prototype.join does, so printing nested calls (sum(sum(…), x))
 * takes linear, not quadratic, time. @internal
 */
export function concat(parts: readonly string[], separator: string): string {
  let out = parts.length > 0 ? parts[0] : '';
  for (let i = 1; i < parts.length; i++) out += separator + parts[i];
  return out;
}
