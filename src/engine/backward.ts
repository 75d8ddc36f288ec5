import { isDebug } from './debug.js';
import { nanResultError } from '../errors/messages.js';
import { freshMark, topologicalOrder } from './graph.js';
import { renumber } from './made.js';
import { nodeShared, termCount } from '../ops/layout.js';
import type { Value } from './value.js';

/**
 * Reverse-mode sweep from `root`: ∂root/∂root = 1, then every node, once all of its consumers are
 * done, gives each input that needs a gradient node.grad · ∂node/∂input (the table's `local`). A
 * node reached by several paths sums them. Interior grads are set to this sweep's adjoints; leaves
 * accumulate: the sweep is summed apart from them and added into each leaf's grad once, at the end
 * (as PyTorch does), so two calls give exactly twice one call.
 *
 * One pass, no topological-order array: a node's inputs were all made before it (`made`, see
 * made.ts), so taking the reached node made last, each time, releases every node after all of its
 * consumers. The reached interior nodes not yet released wait in a max-queue by `made` (see push);
 * each node is read once, while its consumers are still in cache (Kahn's algorithm needs a first
 * pass over the whole graph to count consumers: twice the memory traffic, 1.8× the time on a
 * 1e6-node DAG). Should a node be reached after its release (the count wrapped inside this graph),
 * the sweep is undone and redone on renumbered nodes. Leaves never enter the queue; constants and
 * subgraphs made only of constants are never visited. Nothing is allocated per node (but for the
 * operand list of a logsumexp node).
 *
 * A call that throws (a user op's `local`, or debug mode's check below) changes nothing: leaves
 * have received nothing yet, and every interior grad the sweep set is put back.
 *
 * Frozen values: a Value whose `requiresGrad` is false at the time of the call (constants, nodes
 * made only of constants, and leaves frozen after the graph was built) receives no gradient and
 * passes none on, whatever kind of node consumes it; a root that needs no gradient is a no-op.
 * Debug mode: the first local derivative that is NaN, in this order, throws naming its op.
 */
export function backward(root: Value): void {
  // A Value that needs no gradient never receives one, root included (constant(2).exp().backward()
  // leaves the constant as it was).
  if (!root.requiresGrad) return;
  if (root.spec === null) {
    root.grad += 1;
    return;
  }
  if (!attempt(root)) {
    // The count of `made` wrapped inside this graph (made.ts): number it again, in order, and redo.
    renumber(topologicalOrder([root]));
    if (!attempt(root)) throw new Error('chainrule internal error: nodes out of order.');
  }
  for (let i = 0; i < reachedLeaves; i++) leaves[i].grad += leafSums[i];
  leaves.fill(undefined as unknown as Value, 0, reachedLeaves);
  reachedLeaves = 0;
}

/** Thrown inside a sweep that reaches a node after releasing it: the `made` order was wrong. */
const OUT_OF_ORDER = {};

/**
 * One sweep into scratch; false (and every grad as it was) if the `made` order was wrong. On a
 * throw, every interior grad it set is put back before the error goes on.
 */
function attempt(root: Value): boolean {
  mark = freshMark();
  root.mark = mark;
  reachedLeaves = 0;
  touch(root, 1);
  try {
    sweep();
    return true;
  } catch (error) {
    for (let i = 0; i < touched; i++) interior[i].grad = saved[i];
    leaves.fill(undefined as unknown as Value, 0, reachedLeaves);
    reachedLeaves = 0;
    if (error === OUT_OF_ORDER) return false;
    throw error;
  } finally {
    // Drop the references (the graph may be garbage now) but keep the capacity.
    interior.fill(undefined as unknown as Value, 0, touched);
    heap.fill(undefined as unknown as Value, 0, size);
    run.fill(undefined as unknown as Value, 0, runSize);
    size = 0;
    runSize = 0;
    touched = 0;
  }
}

// The sweep's state, reused by every backward (growing a fresh array to a million entries costs
// more than the sweep itself). `mark` stamps the nodes this sweep has reached.
let mark = 0;
/** Interior nodes reached, in order, with the grad each had before (put back on a throw). */
const interior: Value[] = [];
const saved: number[] = [];
let touched = 0;
/** Leaves reached, and the sum of what the sweep sent each (its `pending` is its index here). */
const leaves: Value[] = [];
const leafSums: number[] = [];
let reachedLeaves = 0;
/**
 * The reached interior nodes not yet released, a max-queue by `made` in two parts (see push): a
 * run of ascending keys, and a binary max-heap; the keys are kept beside the nodes, so comparing
 * two does not touch them.
 */
const run: Value[] = [];
const runKeys: number[] = [];
let runSize = 0;
const heap: Value[] = [];
const keys: number[] = [];
let size = 0;

/** Releases nodes, last made first, sending each input its share of the adjoint. */
function sweep(): void {
  while (size > 0 || runSize > 0) {
    const node = next();
    node.pending = RELEASED;
    const spec = node.spec!;
    const g = node.grad;
    const y = node.data;
    const inputs = node.inputs;
    // The branches are ops/layout.ts's nodeLocal written out per kind: this is the hottest loop of
    // the graph engine. An input whose requiresGrad is false (read now, so a leaf frozen after the
    // graph was built counts as frozen) is skipped.
    if (spec.arity === 2) {
      const a = inputs[0];
      const b = inputs[1];
      if (a.requiresGrad) send(a, g, spec.local(0, a.data, b.data, y), node);
      if (b.requiresGrad) send(b, g, spec.local(1, a.data, b.data, y), node);
    } else if (spec.arity === 1) {
      const a = inputs[0];
      if (a.requiresGrad) send(a, g, spec.local(0, a.data, 0, y), node);
    } else if (spec.group === 1) {
      const shared = spec.localShared === undefined ? 0 : nodeShared(node);
      for (let k = 0; k < inputs.length; k++) {
        const a = inputs[k];
        if (a.requiresGrad) send(a, g, spec.local(0, a.data, shared, y), node);
      }
    } else {
      const n = termCount(spec, inputs.length);
      for (let k = 0; k < n; k++) {
        const a = inputs[k];
        const b = inputs[k + n];
        if (a.requiresGrad) send(a, g, spec.local(0, a.data, b.data, y), node);
        if (b.requiresGrad) send(b, g, spec.local(1, a.data, b.data, y), node);
      }
    }
  }
}

/** Adds g · d into input a's adjoint: a leaf's running sum, or an interior node's grad (reached first: set, and queued). */
function send(a: Value, g: number, d: number, node: Value): void {
  if (d !== d && isDebug()) throw nanResultError(node.spec!.name, node.inputs.map((v) => v.data), 'backward');
  const contribution = g * d;
  if (a.mark === mark) {
    if (a.spec === null) leafSums[a.pending] += contribution;
    else if (a.pending === RELEASED) throw OUT_OF_ORDER;
    else a.grad += contribution;
    return;
  }
  a.mark = mark;
  if (a.spec !== null) {
    touch(a, contribution);
    return;
  }
  a.pending = reachedLeaves;
  leaves[reachedLeaves] = a;
  leafSums[reachedLeaves++] = contribution;
}

/** An interior node reached for the first time: its grad saved, set to `adjoint`, and the node queued. */
function touch(node: Value, adjoint: number): void {
  saved[touched] = node.grad;
  interior[touched++] = node;
  node.grad = adjoint;
  node.pending = QUEUED;
  push(node);
}

// An interior node's `pending` during a sweep: queued, or released (its adjoint sent on).
const QUEUED = 0;
const RELEASED = 1;

/**
 * Queues a reached node. Nodes often arrive in the order they were made (a sum's or a dot's
 * inputs): one made after every node on the run goes on the run, an ascending stack whose top is
 * its largest, in O(1); any other joins the heap. next() takes the larger of the two tops, so the
 * whole is still a max-queue by `made`, and a wide sum costs no heap work at all.
 */
function push(node: Value): void {
  const key = node.made;
  if (runSize === 0 || key > runKeys[runSize - 1]) {
    run[runSize] = node;
    runKeys[runSize++] = key;
    return;
  }
  let i = size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (keys[parent] >= key) break;
    heap[i] = heap[parent];
    keys[i] = keys[parent];
    i = parent;
  }
  heap[i] = node;
  keys[i] = key;
}

/** Removes and returns the queued node made last. */
function next(): Value {
  if (runSize > 0 && (size === 0 || runKeys[runSize - 1] > keys[0])) {
    const node = run[--runSize];
    run[runSize] = undefined as unknown as Value;
    return node;
  }
  return pop();
}

/** Removes and returns the heap's node made last. */
function pop(): Value {
  const top = heap[0];
  const last = heap[--size];
  const key = keys[size];
  let i = 0;
  for (let child = 1; child < size; child = 2 * i + 1) {
    if (child + 1 < size && keys[child + 1] > keys[child]) child++;
    if (keys[child] <= key) break;
    heap[i] = heap[child];
    keys[i] = keys[child];
    i = child;
  }
  heap[i] = last;
  keys[i] = key;
  heap[size] = undefined as unknown as Value;
  return top;
}
