import { chainruleDerivatives, chainruleText } from './bench/symbolic-corpus.js';
import { readFixture } from './bench/symbolic-fixture.js';
const fx = readFixture();
const pats: Record<string, RegExp> = { negpow: /\^\(-/g, let: /^let /g, oneMinus: /\+ 1\) \* \(1 - /g, cbrt2: /cbrt\([^)]*\)\^2/g, cos2: /cos\(/g, frac: /\d\/\d/g, sqrt: /sqrt\(/g, strong: /⊙/g, logpos: /logpos/g, paren_neg: /-\(/g };
const counts: Record<string, number> = {};
fx.expressions.forEach((e) => { const t = chainruleText(chainruleDerivatives(e.tree).orders[0]); for (const [k, r] of Object.entries(pats)) if (t.match(r)) counts[k] = (counts[k] ?? 0) + 1; });
console.log(counts);
fx.expressions.forEach((e) => { const t = chainruleText(chainruleDerivatives(e.tree).orders[0]); if (/⊙|\^\(-|-\(/.test(t)) console.log(t, '  ||  ', (e.orders[0].mathjs as any).text); });
