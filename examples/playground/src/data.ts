import { gaussian, makeMoons, mulberry32, shuffleInPlace, type Rng } from '../../../src/nn/index.js';

/** A data point in the plane; `label` is a class index (classification) or a target in [−1, 1] (regression). */
export interface Point {
  readonly x1: number;
  readonly x2: number;
  readonly label: number;
}

/** A data set: its points, whether labels are classes or real targets, and the class count. */
export interface DataSet {
  readonly points: Point[];
  readonly kind: 'classification' | 'regression';
  readonly classes: number;
}

/** The plane the data lives in and the heatmaps cover: [−DOMAIN, DOMAIN]². */
export const DOMAIN = 6;

/** A generator's settings: points to draw, noise in [0, 1], classes (blobs and spiral only), seed. */
export interface GenOptions {
  readonly n: number;
  readonly noise: number;
  readonly classes: number;
  readonly seed: number;
}

interface Generator {
  readonly label: string;
  readonly kind: DataSet['kind'];
  /** True when the class count is the user's choice. */
  readonly multiclass: boolean;
  make(o: GenOptions, rng: Rng): Point[];
}

/** Every built-in data set, by the id the URL hash and the Dataset select use. */
export const GENERATORS: { readonly [id: string]: Generator } = {
  circle: { label: 'Circle', kind: 'classification', multiclass: false, make: circle },
  xor: { label: 'Exclusive or', kind: 'classification', multiclass: false, make: xor },
  gauss: { label: 'Gaussian blobs', kind: 'classification', multiclass: true, make: blobs },
  spiral: { label: 'Spiral', kind: 'classification', multiclass: true, make: spiral },
  moons: { label: 'Two moons', kind: 'classification', multiclass: false, make: moons },
  'reg-plane': { label: 'Regression: plane', kind: 'regression', multiclass: false, make: plane },
  'reg-gauss': { label: 'Regression: bumps', kind: 'regression', multiclass: false, make: bumps },
  notes: { label: "The notes' network", kind: 'classification', multiclass: false, make: notes },
};

/** Draws a built-in data set (the same options always give the same points). */
export function generate(id: string, o: GenOptions): DataSet {
  const g = GENERATORS[id] ?? GENERATORS.circle;
  const classes = g.kind === 'regression' ? 1 : g.multiclass ? o.classes : 2;
  return { points: g.make({ ...o, classes }, mulberry32(o.seed)), kind: g.kind, classes };
}

/** Splits points into train and test: a seeded shuffle, then the first `ratio` share trains. */
export function split(points: readonly Point[], ratio: number, seed: number): { train: Point[]; test: Point[] } {
  const shuffled = points.slice();
  shuffleInPlace(shuffled, mulberry32(seed ^ 0x5eed));
  const cut = Math.max(1, Math.min(shuffled.length - 1, Math.round(shuffled.length * ratio)));
  return { train: shuffled.slice(0, cut), test: shuffled.slice(cut) };
}

/**
 * Reads a CSV of `x, y, label` rows (a header row is skipped). Points are scaled into the plane;
 * integer labels with at most 8 distinct values become classes 0…K−1, others regression targets
 * scaled to [−1, 1].
 * @throws Error naming the first bad row
 */
export function parseCsv(text: string): DataSet {
  const rows: number[][] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    const nums = cells.map(Number);
    if (rows.length === 0 && i === 0 && nums.some((n) => Number.isNaN(n))) return; // header
    if (cells.length < 3 || nums.slice(0, 3).some((n) => !Number.isFinite(n))) {
      throw new Error(`CSV line ${i + 1}: expected three numbers "x, y, label", received "${line.slice(0, 60)}".`);
    }
    rows.push(nums.slice(0, 3));
  });
  if (rows.length < 2) throw new Error(`CSV: expected at least 2 rows of "x, y, label", received ${rows.length}.`);
  const scale = fit(rows.flatMap((r) => [r[0], r[1]]));
  const labels = rows.map((r) => r[2]);
  const distinct = [...new Set(labels)].sort((a, b) => a - b);
  const isClasses = distinct.length <= 8 && distinct.every(Number.isInteger);
  const target = isClasses ? (l: number) => distinct.indexOf(l) : regressionScale(labels);
  const points = rows.map((r) => ({ x1: scale(r[0]), x2: scale(r[1]), label: target(r[2]) }));
  return { points, kind: isClasses ? 'classification' : 'regression', classes: isClasses ? Math.max(2, distinct.length) : 1 };
}

/** Maps the range of xs onto [−0.9 DOMAIN, 0.9 DOMAIN], keeping 0 centred on the data's middle. */
function fit(xs: readonly number[]): (x: number) => number {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const half = (hi - lo) / 2 || 1;
  const mid = (hi + lo) / 2;
  return (x) => ((x - mid) / half) * 0.9 * DOMAIN;
}

function regressionScale(ys: readonly number[]): (y: number) => number {
  const m = Math.max(...ys.map(Math.abs)) || 1;
  return (y) => y / m;
}

function circle(o: GenOptions, rng: Rng): Point[] {
  const R = 5;
  const points: Point[] = [];
  for (let i = 0; i < o.n; i++) {
    const inner = i < o.n / 2;
    const r = inner ? rng() * 0.5 * R : R * (0.7 + rng() * 0.3);
    const t = rng() * 2 * Math.PI;
    points.push(noisy(r * Math.sin(t), r * Math.cos(t), inner ? 1 : 0, o.noise, rng));
  }
  return points;
}

function xor(o: GenOptions, rng: Rng): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < o.n; i++) {
    const pad = 0.3;
    let x1 = rng() * 10 - 5;
    let x2 = rng() * 10 - 5;
    x1 += x1 > 0 ? pad : -pad;
    x2 += x2 > 0 ? pad : -pad;
    points.push(noisy(x1, x2, x1 * x2 >= 0 ? 1 : 0, o.noise, rng));
  }
  return points;
}

function blobs(o: GenOptions, rng: Rng): Point[] {
  const points: Point[] = [];
  const sd = 0.6 + o.noise * 2.5;
  for (let i = 0; i < o.n; i++) {
    const c = i % o.classes;
    const angle = o.classes === 2 ? Math.PI / 4 + c * Math.PI : (2 * Math.PI * c) / o.classes + Math.PI / 6;
    const r = o.classes === 2 ? 2.8 : 3.2;
    points.push({ x1: r * Math.cos(angle) + sd * gaussian(rng), x2: r * Math.sin(angle) + sd * gaussian(rng), label: c });
  }
  return points;
}

function spiral(o: GenOptions, rng: Rng): Point[] {
  const points: Point[] = [];
  const perArm = Math.ceil(o.n / o.classes);
  for (let c = 0; c < o.classes; c++) {
    for (let i = 0; i < perArm; i++) {
      const r = (i / perArm) * 5;
      const t = ((1.75 * i) / perArm) * 2 * Math.PI + (2 * Math.PI * c) / o.classes;
      points.push(noisy(r * Math.sin(t), r * Math.cos(t), c, o.noise, rng));
    }
  }
  return points;
}

function moons(o: GenOptions, rng: Rng): Point[] {
  const { x, y } = makeMoons(o.n, { noise: 0.1 + o.noise * 0.3, seed: Math.floor(rng() * 2 ** 31) });
  return x.map((p, i) => ({ x1: (p[0] - 0.5) * 3.4, x2: (p[1] - 0.25) * 3.4, label: y[i] > 0 ? 1 : 0 }));
}

function plane(o: GenOptions, rng: Rng): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < o.n; i++) {
    const x1 = rng() * 12 - 6;
    const x2 = rng() * 12 - 6;
    points.push({ x1, x2, label: clamp((x1 + x2) / 12 + o.noise * 0.5 * gaussian(rng)) });
  }
  return points;
}

function bumps(o: GenOptions, rng: Rng): Point[] {
  const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  const points: Point[] = [];
  for (let i = 0; i < o.n; i++) {
    const x1 = rng() * 12 - 6;
    const x2 = rng() * 12 - 6;
    let y = 0;
    for (const [cx, cy, s] of centres) y += s * Math.exp(-((x1 - cx) ** 2 + (x2 - cy) ** 2) / 2);
    points.push({ x1, x2, label: clamp(y + o.noise * 0.5 * gaussian(rng)) });
  }
  return points;
}

/** The notes' data: class 1 right of the x₂ axis, 0 left of it (one input feature suffices). */
function notes(o: GenOptions, rng: Rng): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < o.n / 4; i++) {
    const x1 = rng() * 10 - 5;
    points.push(noisy(x1, rng() * 10 - 5, x1 > 0 ? 1 : 0, o.noise, rng));
  }
  return points;
}

function noisy(x1: number, x2: number, label: number, noise: number, rng: Rng): Point {
  return { x1: x1 + noise * 1.5 * gaussian(rng), x2: x2 + noise * 1.5 * gaussian(rng), label };
}

function clamp(y: number): number {
  return Math.max(-1, Math.min(1, y));
}
