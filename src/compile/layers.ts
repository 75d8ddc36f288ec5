import { DOT_FIRST_LAYER, DOT_NEURON, PARAM, VARYING } from './plan.js';

/**
 * Dense layers, found structurally on the tape: runs of consecutive neuron-shaped dot slots
 * (plan.ts DOT_NEURON) that read the SAME block of inputs. Such a run is one matrix product over
 * the batch, Y = W·X (W: one weight row per dot, X: the shared inputs, one row of B examples per
 * input), and dense/ runs it cache- and register-blocked instead of one dot at a time.
 * Nothing here knows what an MLP is: any graph whose dots share an input run qualifies.
 */

/** Bits of a layer's `needs`: which adjoints its backward must produce (batch mask PARAM). */
export const NEEDS_W = 1; // every weight lies on a path to a param
export const NEEDS_X = 2; // every input does

/** The layers of a tape (struct of arrays, one entry per layer). */
export interface TapeLayers {
  readonly count: number;
  /** Slot of the layer's first dot; its dots are slots first … first + rows − 1. */
  readonly first: Int32Array;
  readonly rows: Int32Array;
  /** Terms per dot (inputs of the layer). */
  readonly width: Int32Array;
  /** Slot of the first input; input i is slot inputSlot + i. */
  readonly inputSlot: Int32Array;
  readonly needs: Uint8Array;
  /** Row r of layer L's weights starts at slot weightSlots[rowStart[L] + r] (consecutive slots). */
  readonly rowStart: Int32Array;
  readonly weightSlots: Int32Array;
  /**
   * 1 when the layer runs as one matrix product (dense/): its op's term is the product a·b (the
   * entry declares sumOfProducts) and its weight rows are evenly spaced, without overlap, in the
   * batch's block of shared slots (batch.ts), so row r sits at w0 + r·S, and, where its weights need
   * adjoints, they are leaves (its ∂W runs after the sweep). Else 0: its dots run on the node kernels.
   */
  readonly dense: Uint8Array;
  /** Per slot: 1 + the layer starting at it, else 0 (forward sweeps jump over the layer). */
  readonly startsAt: Int32Array;
  /** Per slot: 1 + the layer ending at it, else 0 (reverse sweeps jump over the layer). */
  readonly endsAt: Int32Array;
}


/** The plan's arrays findLayers reads (plan.ts). */
export interface LayerGraph {
  readonly n: number;
  readonly firstOp: number;
  readonly ops: Uint8Array;
  readonly argStart: Int32Array;
  readonly args: Int32Array;
  readonly dotShape: Uint8Array;
  readonly flags: Uint8Array;
}

/**
 * Groups the neuron-shaped dots of a tape into layers of at least `minRows` dots. A dot joins the
 * previous one's layer when it is the next slot, has the same opcode, width and input run, and its
 * weights and inputs need the same adjoints (so the layer's backward needs no per-term checks).
 * See TapeLayers.dense for the layers that run as matrix products.
 */
export function findLayers(g: LayerGraph, minRows: number, isProduct: (op: number) => boolean): TapeLayers {
  const { n, firstOp, ops, argStart, args, dotShape, flags } = g;
  const first: number[] = [], rows: number[] = [], width: number[] = [], inputSlot: number[] = [], needs: number[] = [];
  const rowStart: number[] = [], weightSlots: number[] = [];
  const needsOf = (s: number): number => {
    const st = argStart[s];
    const m = (argStart[s + 1] - st) >> 1;
    let allW = true, anyW = false, allX = true, anyX = false;
    for (let j = 0; j < m; j++) {
      const w = (flags[args[st + j]] & PARAM) !== 0;
      const x = (flags[args[st + m + j]] & PARAM) !== 0;
      allW &&= w;
      anyW ||= w;
      allX &&= x;
      anyX ||= x;
    }
    // Mixed: some weights (or inputs) need adjoints and some do not, wherever they sit in the run;
    // leave it to the node kernels.
    if (anyW !== allW || anyX !== allX) return -1;
    return (allW ? NEEDS_W : 0) | (allX ? NEEDS_X : 0);
  };
  // Each shared slot's place in the batch's shared block (batch.ts slotLayout).
  const shared = new Int32Array(n);
  for (let t = 0, c = 0; t < n; t++) if ((flags[t] & VARYING) === 0) shared[t] = c++;
  const evenRows = (first: number, rows: number): boolean => {
    if (rows === 1) return true;
    const w0 = shared[args[argStart[first]]];
    const S = shared[args[argStart[first + 1]]] - w0;
    const m = (argStart[first + 1] - argStart[first]) >> 1;
    if (S < m) return false;
    for (let r = 2; r < rows; r++) if (shared[args[argStart[first + r]]] !== w0 + r * S) return false;
    return true;
  };
  // A dense layer's ∂W runs after the reverse sweep (batch-sweeps.ts): right only where its weights
  // are leaves. A weight that is a node (−x, say) would have its adjoint complete only after the
  // sweep had passed it on to its own operands.
  const leafWeights = (first: number, rows: number): boolean => {
    for (let r = first; r < first + rows; r++) {
      const st = argStart[r];
      const m = (argStart[r + 1] - st) >> 1;
      for (let j = 0; j < m; j++) if (args[st + j] >= firstOp) return false;
    }
    return true;
  };
  let s = firstOp;
  while (s < n) {
    if (dotShape[s] !== DOT_NEURON && dotShape[s] !== DOT_FIRST_LAYER) { s++; continue; }
    const st = argStart[s];
    const m = (argStart[s + 1] - st) >> 1;
    const x0 = args[st + m];
    const need = needsOf(s);
    let e = s + 1;
    while (need >= 0 && e < n && (dotShape[e] === DOT_NEURON || dotShape[e] === DOT_FIRST_LAYER) && ops[e] === ops[s]) {
      const se = argStart[e];
      if ((argStart[e + 1] - se) >> 1 !== m || args[se + m] !== x0 || needsOf(e) !== need) break;
      e++;
    }
    if (need >= 0 && e - s >= minRows) {
      first.push(s); rows.push(e - s); width.push(m); inputSlot.push(x0); needs.push(need);
      rowStart.push(weightSlots.length);
      for (let r = s; r < e; r++) weightSlots.push(args[argStart[r]]);
    }
    s = e;
  }
  const startsAt = new Int32Array(n), endsAt = new Int32Array(n);
  first.forEach((f, L) => {
    startsAt[f] = L + 1;
    endsAt[f + rows[L] - 1] = L + 1;
  });
  return {
    count: first.length, first: Int32Array.from(first), rows: Int32Array.from(rows), width: Int32Array.from(width),
    inputSlot: Int32Array.from(inputSlot), needs: Uint8Array.from(needs), rowStart: Int32Array.from(rowStart),
    weightSlots: Int32Array.from(weightSlots), startsAt, endsAt,
    dense: Uint8Array.from(first, (f, L) => (isProduct(ops[f]) && evenRows(f, rows[L]) && ((needs[L] & NEEDS_W) === 0 || leafWeights(f, rows[L])) ? 1 : 0)),
  };
}
