import { OP_LIST, applyOp, type Value } from '../../src/index.js';

/** One drawn step of a random DAG: an op (index in OP_LIST) and picks of recent nodes. */
export interface DagStep {
  readonly op: number;
  readonly picks: readonly number[];
}

/**
 * Appends one node per step to `pool`, each an op of the table over nodes among the last `window`
 * of the pool (so later ops often reuse earlier nodes: sharing is common). Returns the pool.
 */
export function growDag(pool: Value[], steps: readonly DagStep[], window: number): Value[] {
  for (const { op, picks } of steps) {
    const spec = OP_LIST[op];
    const count = spec.arity === 'n' ? spec.group * Math.max(1, Math.floor(picks.length / spec.group)) : spec.arity;
    const inputs = picks.slice(0, count).map((p) => pool[pool.length - 1 - (p % Math.min(pool.length, window))]);
    while (inputs.length < count) inputs.push(pool[pool.length - 1]);
    pool.push(applyOp(spec.name, inputs));
  }
  return pool;
}
