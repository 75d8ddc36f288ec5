import { Value, derivative, simplify, toText, parse, evaluate } from './src/index.js';
const x = new Value(0.7, 'x'), y = new Value(1.3, 'y');
const e = parse('sin((x + y) * tanh(x))', { x, y });
let d = e, raw = e;
for (let n = 1; n <= 3; n++) { raw = derivative(raw, x); const nd = derivative(d, x); const s = simplify(nd); console.log(n, raw.data, nd.data, s.data, toText(s)); if (Math.abs(nd.data - s.data) > 1e-9) { console.log('BAD at', n, toText(nd)); } d = s; }
