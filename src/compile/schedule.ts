import type { Value } from '../engine/value.js';

/**
 * The tape's slot order, still a topological order: leaves first (the sweeps then run over op
 * slots only) — the declared params in their order, then the other leaves in order of first use —
 * and op nodes by level (1 + the highest level among their operands; within a level in the order
 * their consumers list them). A layer's activations then
 * sit in consecutive slots, as do a neuron's weights and a layer's inputs, which the batch kernels
 * exploit (see plan.ts DOT_NEURON and layers.ts).
 *
 * On return every node's `pending` field holds its slot (`order[v.pending] === v` tells whether a
 * Value is on the tape at all). `pending` is the graph walks' scratch counter: topologicalOrder
 * leaves it 0 and every walk resets it before use, so compile can borrow it instead of paying for
 * a Map from Value to index (the dominant cost of compiling a 100k-node graph).
 */
export function schedule(topo: Value[], params: readonly Value[] = []): Value[] {
  const n = topo.length;
  for (let i = 0; i < n; i++) topo[i].pending = i;
  const level = new Int32Array(n);
  let ops = 0;
  let top = 0;
  for (let i = 0; i < n; i++) {
    const v = topo[i];
    if (v.spec === null) continue;
    const inputs = v.inputs;
    let l = 0;
    for (let j = 0; j < inputs.length; j++) {
      const li = level[inputs[j].pending];
      if (li > l) l = li;
    }
    level[i] = l + 1;
    if (l + 1 > top) top = l + 1;
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
  // so a dot over a layer's activations reads consecutive slots. rank −1: not ranked yet.
  const rank = new Int32Array(n).fill(-1);
  let ranked = 0;
  for (let l = top; l >= 1; l--) {
    const seg = nodes.subarray(start[l], start[l + 1]);
    if (seg.length > 1 && ranked > 0) sortByRank(seg, rank);
    for (let k = 0; k < seg.length; k++) {
      const inputs = topo[seg[k]].inputs;
      for (let j = 0; j < inputs.length; j++) {
        const input = inputs[j];
        if (input.spec !== null && rank[input.pending] < 0) rank[input.pending] = ranked++;
      }
    }
  }
  const order = new Array<Value>(n);
  let s = 0;
  const placed = level; // reused: leaves have level 0; 1 marks a placed leaf (op nodes are not checked)
  // Declared params first, in their order: a batch then holds them in one run of consecutive
  // numbers, so a params array is copied in with one set() and gradients read out in sequence.
  for (const p of params) {
    const i = p.pending;
    if (i >= 0 && i < n && topo[i] === p && placed[i] === 0) {
      placed[i] = 1;
      order[s++] = p;
    }
  }
  for (let k = 0; k < ops; k++) {
    const inputs = topo[nodes[k]].inputs;
    for (let j = 0; j < inputs.length; j++) {
      const input = inputs[j];
      if (input.spec === null && placed[input.pending] === 0) {
        placed[input.pending] = 1;
        order[s++] = input;
      }
    }
  }
  for (let i = 0; i < n; i++) if (topo[i].spec === null && placed[i] === 0) order[s++] = topo[i]; // leaf outputs
  for (let k = 0; k < ops; k++) order[s++] = topo[nodes[k]];
  for (let i = 0; i < n; i++) order[i].pending = i;
  return order;
}

/** Stable sort of a level's nodes by rank (unranked, −1, last), then by topological index. */
function sortByRank(seg: Int32Array, rank: Int32Array): void {
  const key = (i: number) => (rank[i] < 0 ? 0x7fffffff : rank[i]);
  const sorted = Array.from(seg).sort((a, b) => key(a) - key(b) || a - b);
  seg.set(sorted);
}
