import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Act, PlainWeights } from './lib/mlp-weights.js';

let ready = false;

/** Switches tfjs to `backend` ('cpu' or 'wasm'), offline: the wasm binaries are read from node_modules. */
export async function useBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  if (!ready) {
    tf.enableProdMode(); // also silences the "install tfjs-node" hint
    setWasmPaths(path.join(process.cwd(), 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
    ready = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
}

/** The loss a step minimises. */
export type TfLoss = { kind: 'mse' } | { kind: 'softmax-ce' } | { kind: 'hinge'; l2: number };

/** The same MLP in tfjs: weights as variables [nin, nout], a step = tf.variableGrads + SGD assign. */
export class TfMLP {
  private readonly W: tf.Variable[];
  private readonly b: tf.Variable[];
  private readonly acts: Act[];

  constructor(w: PlainWeights, private readonly loss: TfLoss) {
    // w.W[l][j][k] → a [nin, nout] matrix so a batch is X · W.
    this.W = w.W.map((Wl) => tf.variable(tf.tensor2d(Wl, undefined, 'float32').transpose()));
    this.b = w.b.map((bl) => tf.variable(tf.tensor1d(bl, 'float32')));
    this.acts = w.acts;
  }

  /** One SGD step on the batch X [B, nin], Y [B, nout]; returns the loss. */
  step(X: Float32Array, Y: Float32Array, B: number, lr: number): number {
    const nin = this.W[0].shape[0]!;
    const nout = this.W[this.W.length - 1].shape[1]!;
    let loss = 0;
    tf.tidy(() => {
      const x = tf.tensor2d(X, [B, nin]);
      const y = tf.tensor2d(Y, [B, nout]);
      const { value, grads } = tf.variableGrads(() => this.cost(x, y));
      for (const v of [...this.W, ...this.b]) v.assign(v.sub(grads[v.name].mul(lr)));
      loss = value.dataSync()[0];
    });
    return loss;
  }

  private cost(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    let a: tf.Tensor2D = x;
    this.W.forEach((W, l) => {
      const z = a.matMul(W).add(this.b[l]) as tf.Tensor2D;
      const act = this.acts[l];
      a = act === 'relu' ? tf.relu(z) : act === 'sigmoid' ? tf.sigmoid(z) : z;
    });
    if (this.loss.kind === 'mse') return a.sub(y).square().sum(1).mean() as tf.Scalar;
    if (this.loss.kind === 'softmax-ce') return tf.logSoftmax(a).mul(y).sum(1).mean().neg() as tf.Scalar;
    const hinge = tf.relu(tf.scalar(1).sub(y.mul(a))).mean();
    let l2: tf.Tensor = tf.scalar(0);
    for (const v of [...this.W, ...this.b]) l2 = l2.add(v.square().sum());
    return hinge.add(l2.mul(this.loss.l2)) as tf.Scalar;
  }

  /** Current weights in the shared plain form. */
  weights(sizes: number[]): PlainWeights {
    return {
      sizes,
      acts: this.acts,
      W: this.W.map((W) => (W.transpose().arraySync() as number[][])),
      b: this.b.map((b) => b.arraySync() as number[]),
    };
  }

  dispose(): void {
    for (const v of [...this.W, ...this.b]) v.dispose();
  }
}
