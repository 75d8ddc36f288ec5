// A short tour of the core: build an expression, read its value and gradients.
// Run: npx tsx examples/tour.ts
import { Value, dot, grad, valueAndGrad } from '../src/index.js';

// One neuron of the notes' network: a = σ(w·x + b), cost C0 = (a − y)².
const w = [new Value(0.8, 'w1'), new Value(-0.4, 'w2')];
const x = [1.5, 0.5];
const b = new Value(0.1, 'b');
const z = dot(w, x).add(b);
const a = z.sigmoid();
const cost = a.sub(0.7).pow(2);
cost.backward();

console.log(`z = ${z.data.toFixed(6)}, a = σ(z) = ${a.data.toFixed(6)}, C0 = (a − 0.7)² = ${cost.data.toFixed(6)}`);
const sigmaPrime = a.data * (1 - a.data);
console.log('autodiff         vs  hand formula a_k·σ\'(z)·2(a − y)');
w.forEach((wk, k) => {
  const hand = x[k] * sigmaPrime * 2 * (a.data - 0.7);
  console.log(`∂C0/∂${wk.label} = ${wk.grad.toFixed(9)}  ${hand.toFixed(9)}`);
});
console.log(`∂C0/∂b  = ${b.grad.toFixed(9)}  ${(sigmaPrime * 2 * (a.data - 0.7)).toFixed(9)}`);

// The functional form, as in JAX.
const f = (u: Value, v: Value) => u.mul(v).add(u.tanh());
console.log('\nf(u, v) = u·v + tanh(u)');
console.log('valueAndGrad(f)(0.5, 2) =', valueAndGrad(f)(0.5, 2));
console.log('grad(f)(0.5, 2)         =', grad(f)(0.5, 2));
