// Times every graph walk on a 1,000,001-node chain (README "Deep graphs"). Run: npx tsx bench/deep-graphs.ts
import { Value, derivative, evaluate, simplify, toText, toLatex, toDot, parse, countNodes } from '../src/index.js';
const x = new Value(0.5, 'x'); let y: Value = x;
for (let i = 0; i < 250_000; i++) y = y.mul(0.999999).add(1e-6);
const t = (name: string, f: () => unknown) => { const s = performance.now(); const r = f(); console.log(name.padEnd(28), (performance.now() - s).toFixed(0).padStart(6), 'ms', typeof r === 'number' ? r : (r instanceof Value ? countNodes(r) + ' nodes' : typeof r === 'string' ? r.length + ' chars' : '')); return r; };
console.log('nodes', countNodes(y));
t('backward', () => { y.backward(); return x.grad; });
const d = t('derivative', () => derivative(y, x)) as Value;
t('evaluate(d, x=5)', () => evaluate(d, new Map([[x, 5]])));
t('simplify(y)', () => simplify(y));
t('simplify(y, { exact: true })', () => simplify(y, { exact: true }));
t('simplify(d)', () => simplify(d));
const text = t('toText(y)', () => toText(y)) as string;
t('toLatex(y)', () => toLatex(y));
t('toDot(y)', () => toDot(y));
t('parse(toText(y))', () => parse(text, { x }));
// A shared chain s_{k+1} = s_k + sin(s_k) (each node used twice): simplify stays linear.
let s: Value = x;
for (let i = 0; i < 333_333; i++) s = s.add(s.sin());
console.log('nodes', countNodes(s));
t('simplify(s + sin(s) chain)', () => simplify(s));
