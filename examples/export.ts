// Export: train micrograd's moons net (as examples/moons.ts does), then write it out twice and run
// both copies without chainrule's engine:
//   out/moons.onnx  ONNX (chainrule/onnx), run here by ONNX Runtime's WebAssembly build;
//   out/moons.mjs   a standalone ES module (toSource), imported here like any other module.
// Run: npx tsx examples/export.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { Value, toSource } from '../src/index.js';
import { MLP, hingeLoss, l2Penalty, makeMoons, sgd } from '../src/nn/index.js';
import { toOnnx } from '../src/export/onnx/index.js';

const STEPS = 100;
const { x, y } = makeMoons(100, { noise: 0.1, seed: 1 });
const net = new MLP(2, [16, 16, 1], { activation: 'relu', outputActivation: 'linear', init: 'uniform', seed: 1 });
const params = net.parameters();
for (let k = 0; k < STEPS; k++) {
  const loss = hingeLoss(x.map((p) => net.forward(p)[0]), y).add(l2Penalty(params, 1e-4));
  net.zeroGrad();
  loss.backward();
  sgd(params, 1.0 - (0.9 * k) / STEPS);
}
const scores = x.map((p) => net.forward(p)[0].data);
const accuracy = (s: ArrayLike<number>) => Array.from(s).filter((v, i) => v > 0 === y[i] > 0).length / y.length;
console.log(`trained 2-16-16-1 relu for ${STEPS} steps: training accuracy ${(accuracy(scores) * 100).toFixed(0)}%`);

mkdirSync('out', { recursive: true });
const onnx = toOnnx(net, { dtype: 'float32' });
writeFileSync('out/moons.onnx', onnx);
const inputs = [new Value(0, 'x0'), new Value(0, 'x1')];
const source = toSource(net.forward(inputs), { inputs, gradients: true });
writeFileSync('out/moons.mjs', source);
console.log(`wrote out/moons.onnx (${onnx.length} bytes) and out/moons.mjs (${source.length} characters)`);

// ONNX Runtime: the whole training set as one [100, 2] batch.
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';
const session = await ort.InferenceSession.create(onnx);
const { output } = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, 2]) });
const fromOnnx = output.data as Float32Array;
const onnxError = Math.max(...scores.map((s, i) => Math.abs(s - fromOnnx[i])));
console.log(`onnxruntime-web: accuracy ${(accuracy(fromOnnx) * 100).toFixed(0)}%, largest |score − chainrule's| ${onnxError.toExponential(2)} (float32)`);

// The standalone module: forward per point, and a gradient with respect to the input.
const moons = (await import(pathToFileURL(resolve('out/moons.mjs')).href)) as {
  forward(p: readonly number[]): number[];
  valueAndGrad(p: readonly number[]): { value: number; grad: number[] };
};
const fromModule = x.map((p) => moons.forward(p)[0]);
const moduleError = Math.max(...scores.map((s, i) => Math.abs(s - fromModule[i])));
const { value, grad } = moons.valueAndGrad(x[0]);
console.log(`out/moons.mjs: accuracy ${(accuracy(fromModule) * 100).toFixed(0)}%, largest |score − chainrule's| ${moduleError}`);
console.log(`out/moons.mjs: score at (${x[0].map((v) => v.toFixed(3)).join(', ')}) is ${value.toFixed(4)}, ∂score/∂input = [${grad.map((g) => g.toFixed(4)).join(', ')}]`);
