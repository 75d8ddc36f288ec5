import { benchSymbolic } from './bench/symbolic.js';
const rows = benchSymbolic(10);
const g = (sec: string, sys: string, metric: string) => rows.find((r) => r.section.startsWith(sec) && r.system === sys && r.metric === metric)!;
const out: string[] = ['| order | chainrule median / worst | math.js median / worst (no answer) | sympy median / worst (no answer) | chainrule ÷ math.js | chainrule ÷ sympy |', '|---|---:|---:|---:|---:|---:|'];
for (let n = 1; n <= 3; n++) {
  const sec = `symbolic corpus, order ${n}`;
  const c = g(sec, 'chainrule', 'median size'), cw = g(sec, 'chainrule', 'worst size');
  const m = g(sec, 'math.js', 'median size'), mw = g(sec, 'math.js', 'worst size');
  const s = g(sec, 'sympy', 'median size'), sw = g(sec, 'sympy', 'worst size');
  const miss = (r: any) => r.note.split(' ')[0];
  out.push(`| ${n} | ${c.value} / ${cw.value} | ${m.value} / ${mw.value} (${miss(m)}) | ${s.value} / ${sw.value} (${miss(s)}) | ${String(c.ratio).replace(' math.js', '')} | ${c.note!.split(' ')[2]} |`);
}
const sec = 'symbolic corpus to order 3';
const t = (sys: string) => g(sec, sys, 'time'), wr = (sys: string) => g(sec, sys, 'wrong formulas');
out.push('');
out.push(`| whole corpus to order 3 | time | wrong formulas |`, '|---|---:|---:|');
out.push(`| chainrule (derivative + simplify + toText, median of 10) | ${t('chainrule').value.toFixed(0)} ms | ${wr('chainrule').value} |`);
out.push(`| math.js 15.2 | ${(t('math.js').value / 1000).toFixed(0)} s (${t('math.js').note}) | ${wr('math.js').value} (not real where the derivative is) |`);
out.push(`| sympy 1.14 | ${(t('sympy').value / 1000).toFixed(0)} s (${t('sympy').note}) | ${wr('sympy').value} |`);
const sg = (sys: string, m: string) => rows.find((r) => r.section.startsWith('sigmoid') && r.system === sys && r.metric === m)!;
out.push('', `The 100-layer composition σ(σ(…σ(x))) to the third derivative: ${sg('chainrule, derivative only', 'time').value.toFixed(1)} ms without simplify (${sg('chainrule, derivative only', 'graph nodes').value} nodes, ${sg('chainrule, derivative only', 'printed size').value} characters printed); ${sg('chainrule, simplified', 'time').value.toFixed(0)} ms with each order simplified (${sg('chainrule, simplified', 'graph nodes').value} nodes, ${sg('chainrule, simplified', 'printed size').value} characters).`);
console.log(out.join('\n'));
