import { chainruleDerivatives, chainruleText, printedSize, MAX_ORDER } from './bench/symbolic-corpus.js';
import { medianOf, readFixture } from './bench/symbolic-fixture.js';
const fx = readFixture();
const t0 = performance.now();
const ans = fx.expressions.map((e) => chainruleDerivatives(e.tree));
const sizes = ans.map((a) => a.orders.map((d) => printedSize(chainruleText(d))));
console.log('time ms', (performance.now() - t0).toFixed(0));
for (let n = 0; n < MAX_ORDER; n++) {
  const ok = fx.expressions.map((e, i) => [e.orders[n].mathjs, i] as const).filter(([a]) => a.status === 'ok');
  const okS = fx.expressions.map((e, i) => [e.orders[n].sympy, i] as const).filter(([a]) => a.status === 'ok');
  const ours = sizes.map((s) => s[n]);
  console.log(`order ${n + 1}: ours median ${medianOf(ours)} worst ${Math.max(...ours)}; on mathjs-answered ${medianOf(ok.map(([, i]) => ours[i]))} vs mathjs ${medianOf(ok.map(([a]) => (a as any).size))}; on sympy-answered ${medianOf(okS.map(([, i]) => ours[i]))} vs sympy ${medianOf(okS.map(([a]) => (a as any).size))}`);
}
