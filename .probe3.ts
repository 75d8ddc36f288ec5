import { chainruleDerivatives, chainruleText, printedSize } from './bench/symbolic-corpus.js';
import { readFixture } from './bench/symbolic-fixture.js';
const fx = readFixture();
const n = Number(process.argv[2] ?? 0);
const rows: [number, string, string, string][] = [];
fx.expressions.forEach((e, i) => {
  const m = e.orders[n].mathjs as any; if (m.status !== 'ok') return;
  const t = chainruleText(chainruleDerivatives(e.tree).orders[n]);
  rows.push([printedSize(t) - m.size, t, m.text, (e.orders[n].sympy as any).text ?? '']);
});
rows.sort((a, b) => b[0] - a[0]);
const show = Number(process.argv[3] ?? 25);
for (const r of rows.slice(0, show)) console.log(`+${r[0]}\n  ours ${r[1]}\n  mjs  ${r[2]}\n  sym  ${r[3]}`);
const hist = new Map<string, number>(); 
console.log('ours>mjs', rows.filter(r => r[0] > 0).length, 'ours<mjs', rows.filter(r => r[0] < 0).length);
