import { MAX_ORDER, chainruleDerivatives, chainruleText, printedSize } from '/work/wt/symbolic/bench/symbolic-corpus.js';
import { medianOf, readFixture } from '/work/wt/symbolic/bench/symbolic-fixture.js';
const fx = readFixture();
const t0 = performance.now();
const answers = fx.expressions.map((e) => chainruleDerivatives(e.tree));
console.log('ms', performance.now() - t0);
for (let n = 0; n < MAX_ORDER; n++) {
  const ours: number[] = [], sy: number[] = [], mj: number[] = [], oursS: number[] = [];
  fx.expressions.forEach((e, i) => {
    const o = printedSize(chainruleText(answers[i].orders[n])); ours.push(o);
    const s = e.orders[n].sympy; if (s.status === 'ok') { sy.push(s.size); oursS.push(o); }
    const m = e.orders[n].mathjs; if (m.status === 'ok') mj.push(m.size);
  });
  console.log(n + 1, 'ours', medianOf(ours), 'oursOnSympy', medianOf(oursS), 'sympy', medianOf(sy), 'mathjs', medianOf(mj), 'ratio', (medianOf(oursS) / medianOf(sy)).toFixed(3));
}
