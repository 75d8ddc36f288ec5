import { Value, derivative, simplify, toText, parse, topologicalOrder } from './src/index.js';
const x = new Value(0.7, 'x'), y = new Value(1.3, 'y');
const e = parse('sin((x + y) * tanh(x))', { x, y });
let d = e;
for (let n = 1; n <= 2; n++) d = simplify(derivative(d, x));
const nd = derivative(d, x);
for (const node of topologicalOrder([nd])) {
  const s = simplify(node);
  if (Math.abs(node.data - s.data) > 1e-9 * Math.max(1, Math.abs(node.data))) { console.log(node.data, s.data, '\n', toText(node, { shared: 'inline' }), '\n=>', toText(s, { shared: 'inline' })); break; }
}
