import { BINARY, UNARY } from '../ops/layout.js';
import type { TapeLayers } from './layers.js';
import { PARAM, VARYING } from './plan.js';

/**
 * Dense units, found structurally: a dense layer's R outputs z_r (layers.ts) that each feed one
 * binary node with a shared leaf (the bias b_r: z_r ⊕ b_r), which feeds one unary node (the
 * activation), the R binary nodes in consecutive slots with one opcode, the R unary nodes too;
 * either step may be missing. A batch runs a unit's element-wise nodes in one call per direction
 * (node-templates.ts UNIT_TEMPLATES) instead of 2R node kernels: the forward at the unit's first
 * slot, the backward at its last. Nothing here knows the ops: any binary op with a shared operand
 * and any unary op qualify, and their table functions compute every number.
 */
export interface TapeUnit {
  /** Rows (the layer's R). */
  readonly R: number;
  /** First slot of the dots, of the binary nodes and of the unary nodes (z, u, a; u = z without a bias, a = u without an activation). */
  readonly z: number;
  readonly u: number;
  readonly a: number;
  /** Opcodes of the binary and the unary op (−1: absent). */
  readonly binOp: number;
  readonly unOp: number;
  /** The bias slot of each row, and 1 where it needs an adjoint. */
  readonly bias: Int32Array;
  readonly biasNeeds: Uint8Array;
  /** True when the unit's backward runs as one (every node of it is on a path to a parameter). */
  readonly backward: boolean;
}

/** A tape's units, and per slot where each starts (forward), ends (backward) or lies inside (skipped by the sweeps). */
export interface TapeUnits {
  readonly list: readonly TapeUnit[];
  /** Per slot: 1 + the unit whose forward runs here, else 0. */
  readonly startsAt: Int32Array;
  /** Per slot: 1 + the unit whose backward runs here, else 0. */
  readonly endsAt: Int32Array;
  /** Per slot: 1 when the slot is one of a unit's element-wise nodes. */
  readonly inside: Uint8Array;
  /** Per slot: 1 when it is one of the element-wise nodes of a unit whose backward runs as one. */
  readonly insideBackward: Uint8Array;
}

/** The plan's arrays a search reads. */
interface Graph {
  readonly n: number;
  readonly kind: Uint8Array;
  readonly ops: Uint8Array;
  readonly argStart: Int32Array;
  readonly args: Int32Array;
  readonly argFlags: Uint8Array;
  readonly flags: Uint8Array;
  readonly layers: TapeLayers;
}

export function findUnits(g: Graph): TapeUnits {
  const { n, kind, ops, argStart, args, flags, layers } = g;
  // Each slot's number of uses, its last consumer and the one before (by slot).
  const uses = new Int32Array(n);
  const consumer = new Int32Array(n).fill(-1);
  const before = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    for (let j = argStart[s]; j < argStart[s + 1]; j++) {
      const a = args[j];
      uses[a]++;
      if (consumer[a] !== s) {
        before[a] = consumer[a];
        consumer[a] = s;
      }
    }
  }
  // The R consumers of a block of R slots, when each has exactly one, of `kind`, in consecutive slots with one opcode, reading it as operand 0.
  const nextBlock = (from: number, R: number, k: number): number => {
    const c0 = consumer[from];
    if (c0 < 0) return -1;
    for (let r = 0; r < R; r++) {
      const c = consumer[from + r];
      if (uses[from + r] !== 1 || c !== c0 + r || kind[c] !== k || ops[c] !== ops[c0] || args[argStart[c]] !== from + r || (flags[c] & VARYING) === 0) return -1;
    }
    return c0;
  };
  const list: TapeUnit[] = [];
  const startsAt = new Int32Array(n), endsAt = new Int32Array(n), inside = new Uint8Array(n), insideBackward = new Uint8Array(n);
  for (let L = 0; L < layers.count; L++) {
    if (layers.dense[L] === 0) continue;
    const R = layers.rows[L];
    const z = layers.first[L];
    let u = nextBlock(z, R, BINARY);
    let bias = new Int32Array(0);
    if (u >= 0) {
      bias = Int32Array.from({ length: R }, (_, r) => args[argStart[u + r] + 1]);
      // A shared leaf, whose other consumers all sit before the unit (the sweeps meet them after it, as the node order would).
      const ok = bias.every((b) => kind[b] === 0 && (flags[b] & VARYING) === 0);
      const early = bias.every((b, r) => consumer[b] === u + r && before[b] < u);
      if (!ok || !early) u = -1;
    }
    const a = nextBlock(u >= 0 ? u : z, R, UNARY);
    if (u < 0 && a < 0) continue;
    const uu = u >= 0 ? u : z;
    const aa = a >= 0 ? a : uu;
    const first = u >= 0 ? u : a;
    const last = (a >= 0 ? a : u) + R - 1;
    const index = list.length + 1;
    startsAt[first] = index;
    endsAt[last] = index;
    if (u >= 0) inside.fill(1, u, u + R);
    if (a >= 0) inside.fill(1, a, a + R);
    const onPath = (s: number) => (flags[s] & PARAM) !== 0;
    let backward = onPath(z);
    for (let r = 0; r < R; r++) backward &&= (u < 0 || onPath(u + r)) && (a < 0 || onPath(a + r)) && onPath(z + r);
    if (backward) {
      if (u >= 0) insideBackward.fill(1, u, u + R);
      if (a >= 0) insideBackward.fill(1, a, a + R);
    } else endsAt[last] = 0;
    list.push({
      R, z, u: uu, a: aa, binOp: u >= 0 ? ops[u] : -1, unOp: a >= 0 ? ops[a] : -1, bias,
      biasNeeds: Uint8Array.from(bias, (_, r) => (g.argFlags[argStart[u + r] + 1] & PARAM) !== 0 ? 1 : 0), backward,
    });
  }
  return { list, startsAt, endsAt, inside, insideBackward };
}

