// The chain rule for a network with one neuron per layer, derived symbolically by chainrule and
// checked against the three hand-derived formulas:
//   ∂C0/∂w^(L)   = a^(L−1) σ'(z^(L)) 2(a^(L) − y)
//   ∂C0/∂b^(L)   =         σ'(z^(L)) 2(a^(L) − y)
//   ∂C0/∂a^(L−1) = w^(L)   σ'(z^(L)) 2(a^(L) − y)
// Run: npx tsx examples/chain-rule.ts
import { Value, derivative, explain, simplify, toLatex, toText } from '../src/index.js';

/** One label per node in two spellings, so formulas print as text and as LaTeX. */
const names = new Map<Value, { text: string; latex: string }>();
function named(v: Value, text: string, latex: string): Value {
  names.set(v, { text, latex });
  v.label = text;
  return v;
}
function useLabels(style: 'text' | 'latex'): void {
  for (const [v, n] of names) v.label = n[style];
}

// Three layers, named as in the notes: layer L is the last, L-1 the one before it.
const x = named(new Value(0.6), 'x', 'x');
const weights = [0.8, -1.1, 1.4];
const biases = [0.1, 0.3, -0.2];
let a: Value = x;
const layers = weights.map((w, l) => {
  const back = weights.length - 1 - l;
  const sup = back === 0 ? 'L' : `L-${back}`;
  const wl = named(new Value(w), `w^(${sup})`, `w^{(${sup})}`);
  const bl = named(new Value(biases[l]), `b^(${sup})`, `b^{(${sup})}`);
  const z = named(wl.mul(a).add(bl), `z^(${sup})`, `z^{(${sup})}`);
  a = named(z.sigmoid(), `a^(${sup})`, `a^{(${sup})}`);
  return { w: wl, b: bl, z, a };
});
const y = named(new Value(1), 'y', 'y');
const L = layers[layers.length - 1];
const aPrev = layers[layers.length - 2].a;
const C0 = named(a.sub(y).pow(2), 'C0', 'C_0');

// The hand formulas, on plain numbers.
const sigmoidPrime = L.a.data * (1 - L.a.data);
const common = sigmoidPrime * 2 * (L.a.data - y.data);
const cases = [
  { wrt: L.w, hand: aPrev.data * common, formula: "a^(L−1) σ'(z^(L)) 2(a^(L) − y)" },
  { wrt: L.b, hand: common, formula: "σ'(z^(L)) 2(a^(L) − y)" },
  { wrt: aPrev, hand: L.w.data * common, formula: "w^(L) σ'(z^(L)) 2(a^(L) − y)" },
];

let ok = true;
for (const { wrt, hand, formula } of cases) {
  const d = simplify(derivative(C0, wrt));
  useLabels('latex');
  const latex = `\\frac{\\partial C_0}{\\partial ${wrt.label}} = ${toLatex(d, { stopAtLabels: true })}`;
  useLabels('text');
  const matches = Math.abs(d.data - hand) <= 1e-12 * Math.max(1, Math.abs(hand));
  ok &&= matches;
  console.log(`∂C0/∂${wrt.label}`);
  console.log(`  LaTeX: ${latex}`);
  console.log(`  text:  ${toText(d, { stopAtLabels: true })}`);
  console.log(`  value: ${d.data}   hand formula ${formula} = ${hand}   ${matches ? 'matches' : 'DIFFERS'}`);
}

console.log('\nThe chain, path by path:');
explain(C0, L.w).print();
console.log('');
explain(C0, x).print();
if (!ok) process.exitCode = 1;
