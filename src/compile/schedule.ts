import type { Value } from '../value.js';

/**
 * The tape's slot order, still a topological order: leaves first (the sweeps then run over op
 * slots only), op nodes by level (1 + the highest level among their operands; within a level in
 * the order their consumers list them), leaves in order of first use. A layer's activations then sit in consecutive slots, as
 * do a neuron's weights and a layer's inputs, which the batch kernels exploit (see dotRuns).
 */
export function schedule(topo: Value[]): { order: Value[]; slot: Map<Value, number> } {
  const n = topo.length;
  const index = new Map<Value, number>();
  for (let i = 0; i < n; i++) index.set(topo[i], i);
  const level = new Int32Array(n);
  let ops = 0;
  let top = 0;
  for (let i = 0; i < n; i++) {
    const v = topo[i];
    if (v.spec === null) continue;
    let l = 0;
    for (const input of v.inputs) l = Math.max(l, level[index.get(input)!]);
    level[i] = l + 1;
    top = Math.max(top, l + 1);
    ops++;
  }
  // Counting sort of the op nodes by level (stable): level L occupies nodes[start[L] … start[L + 1]).
  const start = new Int32Array(top + 2);
  for (let i = 0; i < n; i++) if (level[i] > 0) start[level[i] + 1]++;
  for (let l = 1; l <= top + 1; l++) start[l] += start[l - 1];
  const nodes = new Int32Array(ops);
  const fill = start.slice();
  for (let i = 0; i < n; i++) if (level[i] > 0) nodes[fill[level[i]]++] = i;
  // Within a level, order nodes as their consumers list them (scanning from the top level down),
  // so a dot over a layer's activations reads consecutive slots.
  const rank = new Float64Array(n).fill(Infinity);
  let ranked = 0;
  for (let l = top; l >= 1; l--) {
    const seg = nodes.subarray(start[l], start[l + 1]);
    if (seg.length > 1 && ranked > 0) seg.sort((a, b) => rank[a] - rank[b] || a - b);
    for (let k = 0; k < seg.length; k++) {
      for (const input of topo[seg[k]].inputs) {
        const j = index.get(input)!;
        if (input.spec !== null && rank[j] === Infinity) rank[j] = ranked++;
      }
    }
  }
  const placed = new Uint8Array(n);
  const perm: number[] = [];
  for (const i of nodes) {
    for (const input of topo[i].inputs) {
      const j = index.get(input)!;
      if (input.spec === null && placed[j] === 0) {
        placed[j] = 1;
        perm.push(j);
      }
    }
  }
  for (let i = 0; i < n; i++) if (topo[i].spec === null && placed[i] === 0) perm.push(i); // leaf outputs
  for (const i of nodes) perm.push(i);
  const order = perm.map((i) => topo[i]);
  // Reuse the index map as the slot map: same keys, new numbers.
  for (let s = 0; s < n; s++) index.set(order[s], s);
  return { order, slot: index };
}
