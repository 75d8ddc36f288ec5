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
 * subgraphs made only of constants are never visited. Nothing is allocated per node.
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
  debug = isDebug();
  if (!attempt(root)) {
    // The count of `made` wrapped inside this graph (made.ts): number it again, in order, and redo.
    renumber(topologicalOrder([root]));
    if (!attempt(root)) throw new Error('chainrule internal error: backward found its nodes out of order after renumbering them.');
  }
  for (let i = 0; i < reachedLeaves; i++) leaves[i].grad += leafSums[i];
  leaves.fill(undefined as unknown as Value, 0, reachedLeaves);
  reachedLeaves = 0;
}

/** Thrown inside a sweep that reaches a node after releasing it: the `made` order was wrong. */
const OUT_OF_ORDER: unique symbol = Symbol('out of order');

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
let debug = false;
/** Interior nodes reached, in order, with the grad each had before (put back on a throw). */
const interior: Value[] = [];
let saved = new Float64Array(1024);
let touched = 0;
/** Leaves reached, and the sum of what the sweep sent each (its `pending` is its index here). */
const leaves: Value[] = [];
let leafSums = new Float64Array(64);
let reachedLeaves = 0;
/**
 * The reached interior nodes not yet released, a max-queue by `made` in two parts (see push): a
 * run of ascending keys, and a 4-ary max-heap; the keys are kept beside the nodes, so comparing
 * two does not touch them.
 */
const run: Value[] = [];
let runKeys = new Float64Array(1024);
let runSize = 0;
const heap: Value[] = [];
let keys = new Float64Array(1024);
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
  if (d !== d && debug) throw nanResultError(node.spec!.name, node.inputs.map((v) => v.data), 'backward');
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
  if (reachedLeaves === leafSums.length) leafSums = grown(leafSums);
  a.pending = reachedLeaves;
  leaves[reachedLeaves] = a;
  leafSums[reachedLeaves++] = contribution;
}

/** An interior node reached for the first time: its grad saved, set to `adjoint`, and the node queued. */
function touch(node: Value, adjoint: number): void {
  if (touched === saved.length) saved = grown(saved);
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
    if (runSize === runKeys.length) runKeys = grown(runKeys);
    run[runSize] = node;
    runKeys[runSize++] = key;
    return;
  }
  if (size === keys.length) keys = grown(keys);
  let i = size++;
  while (i > 0) {
    const parent = (i - 1) >> 2;
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

/** Removes and returns the heap's node made last (a 4-ary heap: half the levels of a binary one). */
function pop(): Value {
  const top = heap[0];
  const last = heap[--size];
  if (size > 0) {
    const key = keys[size];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let child = first;
      const end = first + 4 < size ? first + 4 : size;
      for (let c = first + 1; c < end; c++) if (keys[c] > keys[child]) child = c;
      if (keys[child] <= key) break;
      heap[i] = heap[child];
      keys[i] = keys[child];
      i = child;
    }
    heap[i] = last;
    keys[i] = key;
  }
  heap[size] = undefined as unknown as Value;
  return top;
}

function grown(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(2 * a.length);
  b.set(a);
  return b;
}
