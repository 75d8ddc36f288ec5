import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CORPUS_OPS, CORPUS_SEED, MAX_ORDER, makeCorpus, type CorpusExpression } from './symbolic-corpus.js';
import { readFixture, type CorpusFixture, type PeerAnswer } from './symbolic-fixture.js';
import { corpusMedians, mediansTable } from './symbolic-medians.js';

// `npm run bench:symbolic-peers`: the corpus benchmark of issue 21 §2 — per derivative order 1–3,
// the median printed size of chainrule's answers beside math.js's and sympy's stored ones
// (test/fixtures/symbolic-corpus.json), and the ratios (bench/symbolic-medians.ts). chainrule's
// side is computed now; the peers' answers are read from the fixture.
//
// `npm run bench:symbolic-peers -- --refresh` (slow, by hand, not in CI) first asks the peers
// again and rewrites the fixture, for test/symbolic/corpus.test.ts and bench/symbolic.ts. Per
// expression and order 1–3:
//   - math.js: simplify(derivative(previous order, 'x')) — chained like chainrule's — its text,
//     size, time and its values at the points; each expression runs in a worker thread that is
//     killed when one order takes longer than the timeout (later orders then count as timeouts);
//   - sympy (bench/peers/sympy_corpus.py): simplify(diff(f, x, n)), text, size and time under the
//     same timeout, and the exact diff(f, x, n) at the points to 30 digits: the reference.
// The tools run one after the other (one core). `--timeout 3` sets the timeout in seconds
// (3 s keeps the run near 19 minutes on a shared machine); `--limit 12` runs the first 12
// expressions only, to try the script. The fixture depends on no chainrule code beyond the corpus
// trees, so a change to simplify or the printers needs no new run.

// The worker: chains simplify(derivative(·, 'x')) and posts each order as soon as it is done, so
// the main thread can time each order out on its own.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { create, all } = require('mathjs');
const math = create(all);
parentPort.postMessage({ version: math.version });
parentPort.on('message', ({ text, points, orders }) => {
  let node = math.parse(text);
  for (let n = 1; n <= orders; n++) {
    try {
      const t0 = performance.now();
      node = math.simplify(math.derivative(node, 'x', { simplify: false }));
      const ms = performance.now() - t0;
      const printed = node.toString();
      const f = node.compile();
      const values = points.map(([x, y]) => {
        const v = f.evaluate({ x, y });
        return typeof v === 'number' ? v : null;
      });
      parentPort.postMessage({ status: 'ok', ms, text: printed, values });
    } catch (e) {
      parentPort.postMessage({ status: 'error', error: String(e && e.message).slice(0, 200) });
      for (let m = n + 1; m <= orders; m++) parentPort.postMessage({ status: 'error', error: 'previous order failed' });
      return;
    }
  }
});
`;

const FIXTURE = 'test/fixtures/symbolic-corpus.json';
const TEXT_LIMIT = 2000;
const argTimeout = process.argv.indexOf('--timeout');
const TIMEOUT_S = argTimeout >= 0 ? Number(process.argv[argTimeout + 1]) : 3;
const limit = process.argv.indexOf('--limit');

if (process.argv.includes('--refresh') || !existsSync(FIXTURE)) await refresh();
const medians = corpusMedians(readFixture());
console.log(`symbolic corpus (${FIXTURE}): median printed size (characters, whitespace removed), chainrule's simplify(derivative(·, x)) chained to order ${MAX_ORDER}`);
console.log(mediansTable(medians));

/** Asks math.js and sympy again and rewrites the fixture. */
async function refresh(): Promise<void> {
  const corpus = makeCorpus().slice(0, limit >= 0 ? Number(process.argv[limit + 1]) : undefined);
  const started = Date.now();
  console.error(`symbolic peers: ${corpus.length} expressions, orders 1–${MAX_ORDER}, timeout ${TIMEOUT_S} s per call`);
  const sympy = runSympy(corpus);
  console.error(`  sympy done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const t1 = Date.now();
  const mathjs = await runMathjs(corpus);
  console.error(`  math.js done in ${((Date.now() - t1) / 1000).toFixed(0)} s`);

  const fixture: CorpusFixture = {
    meta: {
      generated: new Date().toISOString(),
      seed: CORPUS_SEED,
      ops: [...CORPUS_OPS],
      timeoutMs: TIMEOUT_S * 1000,
      mathjs: mathjs.version,
      sympy: sympy.sympy,
      python: sympy.python,
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      runSeconds: (Date.now() - started) / 1000,
      sizeMeasure: 'characters of the printed text with all whitespace removed',
    },
    expressions: corpus.map((e, i) => ({
      ...e,
      orders: Array.from({ length: MAX_ORDER }, (_, n) => {
        const s = sympy.results[i];
        const so = Array.isArray(s) ? s[n] : undefined;
        return {
          reference: so?.reference ?? e.points.map(() => null),
          mathjs: mathjs.answers[i][n],
          sympy: so?.simplify ?? { status: 'error', error: Array.isArray(s) ? 'missing' : s.error },
        };
      }),
    })),
  };
  writeFileSync(FIXTURE, `${JSON.stringify(fixture)}\n`);
  const count = (tool: 'mathjs' | 'sympy', status: string) => fixture.expressions.reduce((k, e) => k + e.orders.filter((o) => o[tool].status === status).length, 0);
  console.error(`wrote ${FIXTURE} in ${fixture.meta.runSeconds.toFixed(0)} s: math.js ${count('mathjs', 'timeout')} timeouts, ${count('mathjs', 'error')} errors; sympy ${count('sympy', 'timeout')} timeouts, ${count('sympy', 'error')} errors`);
}

interface SympyOutput {
  sympy: string;
  python: string;
  results: ({ reference: (string | null)[]; simplify: PeerAnswer }[] | { error: string })[];
}

/** Runs the python script over the corpus (it bounds every call with its own timer). */
function runSympy(exprs: readonly CorpusExpression[]): SympyOutput {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chainrule-sympy-'));
  const input = path.join(dir, 'in.json');
  const output = path.join(dir, 'out.json');
  writeFileSync(input, JSON.stringify(exprs.map((e) => ({ sympy: e.sympy, points: e.points }))));
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'peers', 'sympy_corpus.py');
  execFileSync('python3', [script, input, output, String(TIMEOUT_S)], { stdio: ['ignore', 'inherit', 'inherit'] });
  return JSON.parse(readFileSync(output, 'utf8')) as SympyOutput;
}

/** math.js over the corpus in one worker, replaced by a fresh one after every timeout. */
async function runMathjs(exprs: readonly CorpusExpression[]): Promise<{ version: string; answers: PeerAnswer[][] }> {
  let version = '';
  const spawn = () =>
    new Promise<Worker>((resolve) => {
      const w = new Worker(WORKER, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      w.once('message', (m: { version: string }) => {
        version = m.version;
        resolve(w);
      });
    });
  let worker = await spawn();
  const answers: PeerAnswer[][] = [];
  for (const [i, e] of exprs.entries()) {
    const got: PeerAnswer[] = [];
    const outcome = await new Promise<'done' | 'timeout' | 'died'>((resolve) => {
      let timer: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => resolve('timeout'), TIMEOUT_S * 1000);
      };
      const onMessage = (m: { status: 'ok' | 'error'; ms?: number; text?: string; values?: (number | null)[]; error?: string }) => {
        got.push(m.status === 'ok' ? { status: 'ok', ms: m.ms!, size: m.text!.replace(/\s+/g, '').length, text: m.text!.slice(0, TEXT_LIMIT), values: m.values! } : { status: 'error', error: m.error! });
        if (got.length === MAX_ORDER) done('done');
        else arm();
      };
      // A worker that dies (out of memory) fails the order it was on.
      const onError = (err: Error) => {
        got.push({ status: 'error', error: String(err.message).slice(0, 200) });
        done('died');
      };
      const done = (how: 'done' | 'died') => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(how);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      arm();
      worker.postMessage({ text: e.mathjs, points: e.points, orders: MAX_ORDER });
    });
    if (outcome !== 'done') {
      worker.removeAllListeners();
      await worker.terminate();
      while (got.length < MAX_ORDER) got.push(outcome === 'timeout' ? { status: 'timeout', ms: TIMEOUT_S * 1000 } : { status: 'error', error: 'previous order failed' });
      worker = await spawn();
    }
    answers.push(got);
    if (i % 20 === 19) console.error(`  math.js: ${i + 1}/${exprs.length}`);
  }
  await worker.terminate();
  return { version, answers };
}
