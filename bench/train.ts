// nn's train() on the digits set: the path users take, on the compiled engine. With a built-in
// optimizer it keeps parameters in arrays between callbacks; a custom optimizer (here SGD behind a
// wrapper that hides stepArrays) steps the Values instead.
import { MLP, SGD, train, type Optimizer } from '../src/nn/index.js';
import { loadDigits } from '../examples/lib/mnist.js';
import { median } from './lib/measure.js';
import type { Row } from './lib/report.js';

export function benchTrain(epochs: number, runs: number, trainN?: number): Row[] {
  const all = loadDigits().train;
  const data = trainN === undefined ? all : all.slice(0, trainN);
  const section = `digits via train(), ${epochs} ep × ${data.length}`;
  const modes: { system: string; optimizer: (sgd: SGD) => Optimizer }[] = [
    { system: 'train(), built-in SGD (arrays)', optimizer: (sgd) => sgd },
    { system: 'train(), custom optimizer (Values)', optimizer: (sgd) => ({ step: () => sgd.step(), zeroGrad: () => sgd.zeroGrad() }) },
  ];
  const rows: Row[] = [];
  for (const mode of modes) {
    const speeds: number[] = [];
    for (let r = 0; r < runs; r++) {
      const net = new MLP(784, [16, 16, 10], { activation: 'sigmoid', seed: 3 + r });
      const optimizer = mode.optimizer(new SGD(net.parameters(), { lr: 3 }));
      const result = train(net, data, { epochs, batchSize: 10, optimizer, seed: 1 });
      speeds.push((epochs * data.length) / result.seconds);
    }
    rows.push({ section, system: mode.system, metric: 'train', value: median(speeds), unit: 'ex/s', note: `median of ${runs} runs` });
  }
  return rows;
}
