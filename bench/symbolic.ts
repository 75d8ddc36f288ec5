import { Value, countNodes, derivative, evaluateAll, simplify, topologicalOrder } from '../src/index.js';
import { median, timeMs } from './lib/measure.js';
import { fmt, ratio, type Row } from './lib/report.js';
import { MAX_ORDER, chainruleDerivatives, chainruleText, printedSize } from './symbolic-corpus.js';
import { agrees, medianOf, readFixture, type CorpusOrder, type PeerAnswer } from './symbolic-fixture.js';
import { SYMPY_SIZE_TARGET } from './symbolic-medians.js';

// Issue 13's symbolic targets, one table: on the 320-expression corpus (bench/symbolic-corpus.ts),
// per order 1–3, the printed size (characters, whitespace removed) of chainrule's
// simplify(derivative(·, x)) chained from order to order, against math.js's and sympy's answers
// stored in test/fixtures/symbolic-corpus.json (npm run bench:symbolic-peers); the whole-corpus
// time; wrong formulas (a value at a fixture point off sympy's 30-digit one); and the 100-layer
// sigmoid composition x ↦ σ(σ(…σ(x))) to the third derivative.
const SIGMOID_LAYERS = 100;
/** A peer's value may be off the reference by this much (relative, absolute floor 1) before it counts as a wrong formula: its formula is evaluated in plain doubles. */
const PEER_TOLERANCE = 1e-6;

/** The symbolic section's rows; `runs` timings of the whole corpus give its median. */
export function benchSymbolic(runs: number, chainLinks = 250_000): Row[] {
  const fixture = readFixture();
  const exprs = fixture.expressions;
  const rows: Row[] = [];
  const timeoutS = fixture.meta.timeoutMs / 1000;

  // Warm up once and keep the answers, then time whole-corpus runs (derivative + simplify + toText).
  const answers = exprs.map((e) => chainruleDerivatives(e.tree));
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    times.push(timeMs(() => {
      for (const e of exprs) for (const d of chainruleDerivatives(e.tree).orders) chainruleText(d);
    }));
  }
  const ourSizes = answers.map((a) => a.orders.map((d) => printedSize(chainruleText(d))));

  for (let n = 0; n < MAX_ORDER; n++) {
    const section = `symbolic corpus, order ${n + 1} (${exprs.length} expressions)`;
    const ours = ourSizes.map((s) => s[n]);
    const peer = (tool: 'mathjs' | 'sympy') => {
      const done = exprs.map((e, i) => ({ a: e.orders[n][tool], i })).filter((p) => p.a.status === 'ok');
      const sizes = done.map((p) => (p.a as Extract<PeerAnswer, { status: 'ok' }>).size);
      const ourOnSame = done.map((p) => ours[p.i]);
      return { sizes, ourOnSame, missing: exprs.length - done.length };
    };
    const mathjs = peer('mathjs');
    const sympy = peer('sympy');
    rows.push({ section, system: 'chainrule', metric: 'median size', value: medianOf(ours), unit: 'chars', ratio: ratio(medianOf(mathjs.ourOnSame), medianOf(mathjs.sizes), 'math.js'), note: `vs sympy: ${fmt(medianOf(sympy.ourOnSame) / medianOf(sympy.sizes))}× (ratios on the expressions the peer answered)` });
    rows.push({ section, system: 'chainrule', metric: 'worst size', value: Math.max(...ours), unit: 'chars' });
    for (const [name, p] of [['math.js', mathjs], ['sympy', sympy]] as const) {
      const note = `${p.missing} without an answer (timeout ${timeoutS} s or error)`;
      rows.push({ section, system: name, metric: 'median size', value: medianOf(p.sizes), unit: 'chars', note });
      rows.push({ section, system: name, metric: 'worst size', value: Math.max(...p.sizes), unit: 'chars' });
    }
  }

  const section = `symbolic corpus to order ${MAX_ORDER}, whole corpus`;
  const ourMs = median(times);
  rows.push({ section, system: 'chainrule', metric: 'time', value: ourMs, unit: 'ms', note: `derivative + simplify + toText, median of ${runs}` });
  rows.push({ section, system: 'chainrule', metric: 'wrong formulas', value: countWrongOurs(exprs, answers), unit: '' });
  for (const [name, tool] of [['math.js', 'mathjs'], ['sympy', 'sympy']] as const) {
    const all = exprs.flatMap((e) => e.orders.map((o) => o[tool]));
    const total = all.reduce((s, a) => s + (a.status === 'error' ? 0 : a.ms), 0);
    const timeouts = all.filter((a) => a.status === 'timeout').length;
    const errors = all.filter((a) => a.status === 'error').length;
    rows.push({ section, system: name, metric: 'time', value: total, unit: 'ms', ratio: ratio(total, ourMs, 'chainrule'), note: `${timeouts} timeouts (each counted as ${timeoutS} s), ${errors} errors; ${fixture.meta[tool]}` });
    const wrong = countWrongPeer(exprs.map((e) => e.orders), tool);
    const note = tool === 'mathjs'
      ? `${wrong.off} off sympy's value by > ${PEER_TOLERANCE} relative, ${wrong.notReal} not real where the derivative is (math.js writes cbrt(u)' as u^(-2/3)/3, complex for u < 0)`
      : "simplify's value off sympy's own exact derivative";
    rows.push({ section, system: name, metric: 'wrong formulas', value: wrong.off + wrong.notReal, unit: '', note });
  }

  rows.push(...benchSigmoidTower(runs));
  rows.push(...benchDeepSimplify(chainLinks));
  return rows;
}

/** The symbolic targets (issues 13 and 21) from the rows of {@link benchSymbolic}. */
export function symbolicTargets(rows: readonly Row[]): { text: string; met: boolean }[] {
  const out: { text: string; met: boolean }[] = [];
  for (let n = 1; n <= MAX_ORDER; n++) {
    const r = rows.find((x) => x.section.startsWith(`symbolic corpus, order ${n}`) && x.system === 'chainrule' && x.metric === 'median size');
    const k = Number.parseFloat(r?.note?.match(/vs sympy: ([\d.]+)×/)?.[1] ?? 'NaN');
    out.push({ text: `symbolic: median printed size at order ${n} ≤ ${SYMPY_SIZE_TARGET}× sympy's: ${fmt(k)}× (${r?.ratio ?? 'missing'})`, met: k <= SYMPY_SIZE_TARGET });
  }
  const get = (system: string, metric: string) => rows.find((x) => x.section.startsWith('symbolic corpus to order') && x.system === system && x.metric === metric)?.value ?? NaN;
  out.push({ text: `symbolic: 0 wrong formulas on the corpus: ${get('chainrule', 'wrong formulas')}`, met: get('chainrule', 'wrong formulas') === 0 });
  out.push({ text: `symbolic: the whole corpus to order ${MAX_ORDER} in ≤ ${CORPUS_TIME_TARGET_MS} ms: ${fmt(get('chainrule', 'time'))} ms`, met: get('chainrule', 'time') <= CORPUS_TIME_TARGET_MS });
  const chain = rows.find((x) => x.section.startsWith('simplify on a 1000001-node chain') && x.metric === 'simplify');
  if (chain !== undefined) out.push({ text: `symbolic: simplify of the 1,000,001-node chain ≤ 2.0 s: ${fmt(chain.value / 1000)} s`, met: chain.value <= 2000 });
  return out;
}

/** Issue 21's time target for the whole corpus (derivative + simplify + toText to order 3). */
const CORPUS_TIME_TARGET_MS = 250;

/** Expressions-and-orders where chainrule's answer is off sympy's reference at some point (the test's check). */
function countWrongOurs(exprs: ReturnType<typeof readFixture>['expressions'], answers: ReturnType<typeof chainruleDerivatives>[]): number {
  let wrong = 0;
  exprs.forEach((e, i) => {
    const { x, y, orders } = answers[i];
    orders.forEach((d, n) => {
      const nodes = topologicalOrder([d]);
      const bad = e.points.some(([px, py], p) => {
        const reference = e.orders[n].reference[p];
        if (reference === null) return false;
        const values = evaluateAll(nodes, new Map<Value, number>([[x, px], [y, py]]));
        const scale = values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
        return !agrees(values[nodes.indexOf(d)], reference, scale);
      });
      if (bad) wrong++;
    });
  });
  return wrong;
}

/**
 * Peer answers whose values disagree with the reference (math.js: off by more than PEER_TOLERANCE,
 * or not a real number where the reference is) or with sympy's own exact derivative.
 */
function countWrongPeer(orders: CorpusOrder[][], tool: 'mathjs' | 'sympy'): { off: number; notReal: number } {
  let off = 0;
  let notReal = 0;
  for (const o of orders.flat()) {
    const a = o[tool];
    if (a.status !== 'ok') continue;
    if (tool === 'sympy') {
      if (a.matchesReference === false) off++;
      continue;
    }
    const checked = o.reference.flatMap((ref, p) => (ref === null ? [] : [{ exact: Number(ref), v: a.values?.[p] ?? null }]));
    if (checked.some(({ exact, v }) => v !== null && !(Math.abs(v - exact) <= PEER_TOLERANCE * Math.max(1, Math.abs(exact))))) off++;
    else if (checked.some(({ v }) => v === null)) notReal++;
  }
  return { off, notReal };
}

/** σ applied 100 times to x, differentiated three times: raw derivative graphs, and simplified as in the corpus. */
/**
 * simplify on deep graphs (issue 21 §4: linear, ≤ 2.0 s on the 1,000,001-node chain): the chain
 * y ← 0.999999·y + 1e-6 (`links` links, 4 nodes each with the constants; median of 3), and the
 * shared chain s ← s + sin(s) (each node used twice; one run).
 */
function benchDeepSimplify(links: number): Row[] {
  const x = new Value(0.5, 'x');
  let y: Value = x;
  for (let i = 0; i < links; i++) y = y.mul(0.999999).add(1e-6);
  const nodes = countNodes(y);
  const section = `simplify on a ${nodes}-node chain`;
  let simplified = y;
  const times = [0, 1, 2].map(() => timeMs(() => (simplified = simplify(y))));
  let s: Value = x;
  for (let i = 0; i < Math.round((links * 4) / 3); i++) s = s.add(s.sin());
  const shared = countNodes(s);
  return [
    { section, system: 'chainrule', metric: 'simplify', value: median(times), unit: 'ms', note: `y ← 0.999999·y + 1e-6, collects to ${countNodes(simplified)} nodes; median of 3: ${times.map((t) => fmt(t)).join(', ')} ms` },
    { section, system: 'chainrule', metric: 'simplify, shared chain', value: timeMs(() => simplify(s)), unit: 'ms', note: `s ← s + sin(s), ${shared} nodes each used twice; one run` },
  ];
}

function benchSigmoidTower(runs: number): Row[] {
  const section = `sigmoid ∘ … ∘ sigmoid (${SIGMOID_LAYERS} layers), third derivative`;
  const x = new Value(0.3, 'x');
  let f = x;
  for (let i = 0; i < SIGMOID_LAYERS; i++) f = f.sigmoid();
  const thirdDerivative = (simplified: boolean) => {
    let d = f;
    for (let n = 0; n < 3; n++) d = simplified ? simplify(derivative(d, x)) : derivative(d, x);
    return d;
  };
  const rows: Row[] = [];
  for (const simplified of [false, true]) {
    let d3 = thirdDerivative(simplified);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) times.push(timeMs(() => (d3 = thirdDerivative(simplified))));
    const system = simplified ? 'chainrule, simplified' : 'chainrule, derivative only';
    rows.push(
      { section, system, metric: 'time', value: median(times), unit: 'ms', note: `3 × ${simplified ? '(derivative + simplify)' : 'derivative'}, median of ${runs}` },
      { section, system, metric: 'graph nodes', value: countNodes(d3), unit: 'nodes' },
      { section, system, metric: 'printed size', value: printedSize(chainruleText(d3)), unit: 'chars', note: 'toText, default sharing' },
    );
  }
  return rows;
}
