import { Value } from '../src/index.js';
import { compile } from '../src/compile/compile.js';
import { heapUsed, median, rng, timeMs } from './lib/measure.js';
import { ratio, type Row } from './lib/report.js';

// The core issue's workload: a random DAG of N nodes (add, mul, pow 2, relu), each node's first
// operand the node before it (so every node feeds the root) and the second drawn from the last
// WINDOW nodes. An op whose result would leave [1e-3, 1e3] in magnitude (or 0) is replaced by add,
// then relu, so no value overflows or turns subnormal (which would time the FPU, not the tape).
const LEAVES = 8;
const WINDOW = 16;
const ADD = 0, MUL = 1, POW2 = 2, RELU = 3;

/** The DAG as data: node L + i is op[i] over nodes a[i], b[i]; nodes 0 … L−1 are leaves. */
export interface DagRecipe { leaves: Float64Array; op: Uint8Array; a: Int32Array; b: Int32Array }

export function makeDag(N: number, seed: number): DagRecipe {
  const r = rng(seed);
  const leaves = Float64Array.from({ length: LEAVES }, () => 0.5 + r());
  const v = new Float64Array(LEAVES + N);
  v.set(leaves);
  const op = new Uint8Array(N), a = new Int32Array(N), b = new Int32Array(N);
  const ok = (y: number) => y === 0 || (Math.abs(y) >= 1e-3 && Math.abs(y) <= 1e3);
  for (let i = 0; i < N; i++) {
    const self = LEAVES + i;
    a[i] = self - 1;
    b[i] = self - 1 - Math.floor(r() * Math.min(WINDOW, self));
    const x = v[a[i]], z = v[b[i]];
    let o = Math.floor(r() * 4);
    let y = o === ADD ? x + z : o === MUL ? x * z : o === POW2 ? x * x : x > 0 ? x : 0;
    if (!ok(y)) { o = ADD; y = x + z; }
    if (!ok(y)) { o = RELU; y = x > 0 ? x : 0; }
    op[i] = o;
    v[self] = y;
  }
  return { leaves, op, a, b };
}

/** Builds the Value graph (which evaluates it); returns the root. */
export function buildGraph(d: DagRecipe): { root: Value; leaves: Value[] } {
  const leaves = Array.from(d.leaves, (x) => new Value(x));
  const nodes: Value[] = new Array(leaves.length + d.op.length);
  for (let i = 0; i < leaves.length; i++) nodes[i] = leaves[i];
  for (let i = 0; i < d.op.length; i++) {
    const x = nodes[d.a[i]];
    const o = d.op[i];
    nodes[LEAVES + i] = o === ADD ? x.add(nodes[d.b[i]]) : o === MUL ? x.mul(nodes[d.b[i]]) : o === POW2 ? x.pow(2) : x.relu();
  }
  return { root: nodes[nodes.length - 1], leaves };
}

/**
 * The plain-JS limit: a typed-array tape written by hand for these four ops (a switch with each
 * derivative inlined). A reference implementation for the benchmark only.
 */
export class HandTape {
  readonly v: Float64Array;
  readonly g: Float64Array;
  constructor(private readonly d: DagRecipe) {
    this.v = new Float64Array(LEAVES + d.op.length);
    this.g = new Float64Array(LEAVES + d.op.length);
  }
  forward(): number {
    const { v, d } = this;
    const { op, a, b } = d;
    v.set(d.leaves);
    for (let i = 0; i < op.length; i++) {
      const x = v[a[i]];
      const o = op[i];
      v[LEAVES + i] = o === ADD ? x + v[b[i]] : o === MUL ? x * v[b[i]] : o === POW2 ? x * x : x > 0 ? x : 0;
    }
    return v[v.length - 1];
  }
  backward(): void {
    const { v, g, d } = this;
    const { op, a, b } = d;
    g.fill(0);
    g[g.length - 1] = 1;
    for (let i = op.length - 1; i >= 0; i--) {
      const gi = g[LEAVES + i];
      const ai = a[i];
      switch (op[i]) {
        case ADD: g[ai] += gi; g[b[i]] += gi; break;
        case MUL: g[ai] += gi * v[b[i]]; g[b[i]] += gi * v[ai]; break;
        case POW2: g[ai] += gi * 2 * v[ai]; break;
        default: g[ai] += v[ai] > 0 ? gi : 0;
      }
    }
  }
}

/** Section 1: graph vs compiled tape vs hand-written tape at each size. */
export function benchDag(sizes: readonly number[], runs: number): Row[] {
  const rows: Row[] = [];
  for (const N of sizes) {
    const section = `scalar DAG N=${N.toExponential(0)}`;
    const d = makeDag(N, 42);
    const perNode = (ms: number) => (ms * 1e6) / N;
    // Graph: build+forward time and heap bytes per node (the graph of each run kept alive until
    // measured, then dropped), then backward on a fresh graph.
    const build = measureBuild(d, runs);
    let graph = buildGraph(d);
    const compileMs = timeMs(() => compile(graph.root, { inputs: [] }));
    const tape = compile(graph.root, { inputs: [] });
    const plain = compile(graph.root, { inputs: [], codegen: false });
    const hand = new HandTape(d);
    // Interleaved rounds (A B C … A B C …), so load from other processes hits every system alike.
    const [graphBack, tapeFwd, tapeBack, , plainBack, handFwd, handBack] = interleaved([
      () => graph.root.backward(),
      () => tape.forward([]),
      () => tape.backward(),
      () => plain.forward([]),
      () => plain.backward(),
      () => hand.forward(),
      () => hand.backward(),
    ], runs);
    const hb = perNode(handBack);
    rows.push(
      { section, system: 'graph (Value)', metric: 'build+forward', value: perNode(build.ms), unit: 'ns/node' },
      { section, system: 'graph (Value)', metric: 'heap', value: build.bytes / N, unit: 'B/node' },
      { section, system: 'graph (Value)', metric: 'backward', value: perNode(graphBack), unit: 'ns/node', ratio: ratio(perNode(graphBack), hb, 'hand') },
      { section, system: 'compiled tape', metric: 'compile', value: perNode(compileMs), unit: 'ns/node', note: 'once' },
      { section, system: 'compiled tape', metric: 'forward', value: perNode(tapeFwd), unit: 'ns/node', ratio: ratio(perNode(tapeFwd), perNode(handFwd), 'hand') },
      { section, system: 'compiled tape', metric: 'backward', value: perNode(tapeBack), unit: 'ns/node', ratio: ratio(perNode(tapeBack), hb, 'hand') },
      { section, system: 'compiled, no codegen', metric: 'backward', value: perNode(plainBack), unit: 'ns/node', ratio: ratio(perNode(plainBack), hb, 'hand') },
      { section, system: 'hand-written tape', metric: 'forward', value: perNode(handFwd), unit: 'ns/node' },
      { section, system: 'hand-written tape', metric: 'backward', value: hb, unit: 'ns/node' },
    );
  }
  return rows;
}

/** Median ms of each function over `runs` interleaved rounds, after two warm-up rounds. */
function interleaved(fns: (() => unknown)[], runs: number): number[] {
  const times = fns.map(() => [] as number[]);
  for (let r = -2; r < runs; r++) {
    fns.forEach((fn, i) => {
      const ms = timeMs(() => { fn(); });
      if (r >= 0) times[i].push(ms);
    });
  }
  return times.map(median);
}

/** Median build+forward time and heap bytes retained by one graph. */
function measureBuild(d: DagRecipe, runs: number): { ms: number; bytes: number } {
  const ms: number[] = [];
  const bytes: number[] = [];
  for (let r = 0; r < runs; r++) {
    const m = buildOnce(d); // its own frame, so no stale register keeps an old graph alive
    ms.push(m.ms);
    bytes.push(m.bytes);
  }
  return { ms: median(ms), bytes: median(bytes) };
}

function buildOnce(d: DagRecipe): { ms: number; bytes: number } {
  const h0 = heapUsed();
  const t0 = process.hrtime.bigint();
  const g = buildGraph(d);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const bytes = heapUsed() - h0;
  if (!Number.isFinite(g.root.data)) throw new Error('DAG value left the finite range');
  return { ms, bytes };
}
