/**
 * @internal mulberry32, a tiny 32-bit seeded generator of uniform numbers in [0, 1): the same seed
 * always gives the same sequence. One copy for nn (weights, shuffling, data) and checkOp (points).
 */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
