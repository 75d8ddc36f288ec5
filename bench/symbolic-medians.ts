import { MAX_ORDER, chainruleDerivatives, chainruleText, printedSize } from './symbolic-corpus.js';
import { medianOf, type CorpusFixture, type PeerAnswer } from './symbolic-fixture.js';

// The size comparison of issue 21 §2 on the symbolic corpus: per derivative order, the median
// printed size (characters, whitespace removed) of chainrule's simplify(derivative(·, x)) chained
// from order to order, printed with toText's default sharing, beside math.js's and sympy's stored
// answers (test/fixtures/symbolic-corpus.json). Each ratio compares medians over the expressions
// the peer answered (a peer's timeout has no size).

/** The size target: chainrule's median at most this many times sympy's, at every order. */
export const SYMPY_SIZE_TARGET = 1.25;

/** One order's medians. */
export interface OrderMedians {
  readonly order: number;
  /** chainrule's median over the whole corpus. */
  readonly chainrule: number;
  readonly mathjs: number;
  readonly sympy: number;
  /** chainrule's median / the peer's median, over the expressions the peer answered. */
  readonly vsMathjs: number;
  readonly vsSympy: number;
  /** Expressions a peer did not answer (timeout or error). */
  readonly mathjsMissing: number;
  readonly sympyMissing: number;
}

/** The medians of every order, computing chainrule's answers (the peers' are read from the fixture). */
export function corpusMedians(fixture: CorpusFixture): OrderMedians[] {
  const sizes = fixture.expressions.map((e) => chainruleDerivatives(e.tree).orders.map((d) => printedSize(chainruleText(d))));
  const out: OrderMedians[] = [];
  for (let n = 0; n < MAX_ORDER; n++) {
    const ours = sizes.map((s) => s[n]);
    const peer = (tool: 'mathjs' | 'sympy') => {
      const answered = fixture.expressions.flatMap((e, i) => {
        const a = e.orders[n][tool];
        return a.status === 'ok' ? [{ size: (a as Extract<PeerAnswer, { status: 'ok' }>).size, ours: ours[i] }] : [];
      });
      const median = medianOf(answered.map((a) => a.size));
      return { median, ratio: medianOf(answered.map((a) => a.ours)) / median, missing: ours.length - answered.length };
    };
    const mathjs = peer('mathjs');
    const sympy = peer('sympy');
    out.push({
      order: n + 1, chainrule: medianOf(ours), mathjs: mathjs.median, sympy: sympy.median,
      vsMathjs: mathjs.ratio, vsSympy: sympy.ratio, mathjsMissing: mathjs.missing, sympyMissing: sympy.missing,
    });
  }
  return out;
}

/** The medians as a text table, one row per order. */
export function mediansTable(rows: readonly OrderMedians[]): string {
  const head = ['order', 'chainrule', 'math.js', 'sympy', 'chainrule / math.js', 'chainrule / sympy', `target ≤ ${SYMPY_SIZE_TARGET}× sympy`];
  const cells = rows.map((r) => [
    String(r.order), String(r.chainrule), `${r.mathjs} (${r.mathjsMissing} unanswered)`, `${r.sympy} (${r.sympyMissing} unanswered)`,
    `${r.vsMathjs.toFixed(2)}×`, `${r.vsSympy.toFixed(2)}×`, r.vsSympy <= SYMPY_SIZE_TARGET ? 'met' : 'missed',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
