import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlainWeights } from './lib/mlp-weights.js';

// numpy as a peer (bench/peers/numpy_mlp.py), single-threaded, float64 or float32. Skipped when
// python3 with numpy is missing: the bench then prints no numpy rows.

const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'peers', 'numpy_mlp.py');
const ENV = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

let available: string | null | undefined;

/** numpy's version when python3 can import it, else null (checked once). */
export function numpyVersion(): string | null {
  if (available === undefined) {
    const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', env: ENV });
    available = r.status === 0 ? r.stdout.trim() : null;
  }
  return available;
}

/** What a numpy run trains: the network, its loss and data, and the batches in order. */
export interface NumpyJob {
  readonly weights: PlainWeights;
  readonly loss: 'softmax-ce' | 'mse' | 'hinge';
  readonly l2?: number;
  readonly lr: number;
  readonly batch: number;
  readonly dtype: 'float64' | 'float32';
  /** Row-major inputs and targets (one row per example). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** The examples in the order they are stepped on, batch after batch. */
  readonly order: Int32Array;
}

/** Runs the job in python3; returns the training loop's seconds, the first batch loss and the trained weights. */
export function numpyTrain(job: NumpyJob): { seconds: number; firstLoss: number; lastLoss: number; steps: number; weights: PlainWeights } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chainrule-numpy-'));
  try {
    const file = (name: string, data: ArrayBufferView) => {
      const p = path.join(dir, name);
      writeFileSync(p, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      return p;
    };
    const { sizes, acts, W, b } = job.weights;
    const flat = Float64Array.from(W.flatMap((Wl, l) => [...Wl.flat(), ...b[l]]));
    const spec = {
      sizes, acts, loss: job.loss, l2: job.l2 ?? 0, lr: job.lr, batch: job.batch, dtype: job.dtype,
      weights: file('w.bin', flat), x: file('x.bin', job.x), y: file('y.bin', job.y), order: file('order.bin', job.order), out: path.join(dir, 'out.bin'),
    };
    writeFileSync(path.join(dir, 'job.json'), JSON.stringify(spec));
    const r = spawnSync('python3', [SCRIPT, path.join(dir, 'job.json')], { encoding: 'utf8', env: ENV, maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`numpy peer failed: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as { seconds: number; firstLoss: number; lastLoss: number; steps: number };
    const bytes = readFileSync(spec.out);
    const out = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
    // The file holds each layer's W (row by row) then b.
    let at = 0;
    const Ws: number[][][] = [];
    const bs: number[][] = [];
    W.forEach((Wl, l) => {
      Ws.push(Wl.map((row) => row.map(() => out[at++])));
      bs.push(b[l].map(() => out[at++]));
    });
    return { ...report, weights: { sizes, acts, W: Ws, b: bs } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
