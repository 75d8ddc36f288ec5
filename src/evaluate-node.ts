import { nodeForward } from './op-layout.js';
import type { OpSpec } from './ops.js';
import type { Value } from './value.js';

/** A node's value from its inputs' current data, read off the op table (see op-layout.ts). */
export function evaluateNode(spec: OpSpec, inputs: readonly Value[]): number {
  return nodeForward(spec, inputs);
}
