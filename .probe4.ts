import { chainruleDerivatives, chainruleText, printedSize } from './bench/symbolic-corpus.js';
import { readFixture } from './bench/symbolic-fixture.js';
const fx = readFixture();
const n = Number(process.argv[2] ?? 0);
fx.expressions.forEach((e) => {
  const m = e.orders[n].mathjs as any; if (m.status !== 'ok') return;
  const t = chainruleText(chainruleDerivatives(e.tree).orders[n]);
  const s = printedSize(t);
  if (s >= 38 && s <= 56 && s > m.size) console.log(`${s} vs ${m.size}\n  ${t}\n  ${m.text}`);
});
