import { ACTIVATION_NAMES, isActivationName, type ActivationName } from './activations.js';
import { GENERATORS } from './data.js';
import { FEATURES } from './features.js';

/** The output layer and cost: sigmoid + binary cross-entropy, softmax + cross-entropy, or the notes' C0 = Σ(a − y)². */
export type OutputMode = 'bce' | 'softmax' | 'c0';
/** chainrule's optimizers: SGD, SGD with momentum 0.9, Adam. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
/** The weight penalty: none, rate·Σ|w| or rate·Σw²/2 (biases are never penalised). */
export type RegName = 'none' | 'l1' | 'l2';

/** Everything the page is set to: the URL hash stores exactly this. */
export interface PlaygroundState {
  dataset: string;
  noise: number;
  /** Share of the points that train, in (0, 1). */
  ratio: number;
  classes: number;
  seed: number;
  features: string[];
  /** Hidden layer widths. */
  layers: number[];
  /** One per hidden layer, then the output layer's (used by the C0 output; bce and softmax fix theirs). */
  activations: ActivationName[];
  output: OutputMode;
  lr: number;
  batch: number;
  reg: RegName;
  regRate: number;
  optimizer: OptimizerName;
  /** Training steps per second while playing; 0 trains as fast as the machine allows. */
  speed: number;
  /** The big plot shows the predicted class (or sign) with hard edges instead of graded colours. */
  discretize: boolean;
}

/** TensorFlow Playground's defaults: circle, x₁ and x₂, a 4-2 tanh network, SGD at 0.03, batch 10. */
export const DEFAULT_STATE: PlaygroundState = {
  dataset: 'circle', noise: 0, ratio: 0.5, classes: 2, seed: 1,
  features: ['x1', 'x2'], layers: [4, 2], activations: ['tanh', 'tanh', 'sigmoid'], output: 'bce',
  lr: 0.03, batch: 10, reg: 'none', regRate: 0, optimizer: 'sgd', speed: 0, discretize: false,
};

/** The notes' network: one input, one neuron per layer, sigmoid everywhere, C0. */
export const NOTES_PRESET: Partial<PlaygroundState> = {
  features: ['x1'], layers: [1], activations: ['sigmoid', 'sigmoid'], output: 'c0', lr: 0.3, batch: 1, reg: 'none', optimizer: 'sgd',
};

/** The notes' digits network: 784-16-16-10, sigmoid everywhere, C0, plain SGD with α = 3 on batches of 10. */
export const DIGITS_NET: Partial<PlaygroundState> = { features: ['x1', 'x2'], layers: [16, 16], activations: ['sigmoid', 'sigmoid', 'sigmoid'], output: 'c0', classes: 10 };
/** The digits' training as the notes run it (the hyperparameters stay the user's to change). */
export const DIGITS_PRESET: Partial<PlaygroundState> = { ...DIGITS_NET, lr: 3, batch: 10, reg: 'none', regRate: 0, optimizer: 'sgd' };

/** The Dataset select's entry for the digits (not a generator of the plane). */
export const DIGITS = 'digits';

/** The training speeds offered (steps per second; 0 = as fast as possible). */
export const SPEEDS = [0, 60, 10, 2, 1];

/** The most hidden layers, and neurons per layer, the page offers (as TensorFlow Playground). */
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;

/** Whether the data set's labels are classes or real targets. */
export function isRegression(s: PlaygroundState, csvKind?: 'classification' | 'regression'): boolean {
  if (s.dataset === 'csv') return csvKind === 'regression';
  if (s.dataset === DIGITS) return false;
  return (GENERATORS[s.dataset]?.kind ?? 'classification') === 'regression';
}

/** Width of the output layer: 1 for bce, regression and binary C0; one per class otherwise. */
export function outputWidth(s: PlaygroundState, regression: boolean): number {
  if (regression || s.output === 'bce') return 1;
  return s.output === 'softmax' || s.classes > 2 ? s.classes : 1;
}

/** The activation of every layer, hidden then output, after the output mode's constraints. */
export function layerActivations(s: PlaygroundState): ActivationName[] {
  const out = s.output === 'bce' ? 'sigmoid' : s.output === 'softmax' ? 'linear' : s.activations[s.layers.length];
  return [...s.activations.slice(0, s.layers.length), out];
}

/** Repairs a state so every combination is one the page can train (e.g. regression always uses C0). */
export function normalize(s: PlaygroundState, regression: boolean): PlaygroundState {
  if (s.dataset === DIGITS) {
    return { ...s, ...DIGITS_NET, ratio: clampRatio(s.ratio), batch: clampInt(s.batch, 1, 100), speed: SPEEDS.includes(s.speed) ? s.speed : 0 } as PlaygroundState;
  }
  const t = { ...s, layers: s.layers.slice(0, MAX_LAYERS).map((n) => clampInt(n, 1, MAX_NEURONS)) };
  t.features = FEATURES.map((f) => f.id).filter((id) => s.features.includes(id));
  if (t.features.length === 0) t.features = ['x1'];
  t.classes = clampInt(t.classes, 2, 4);
  if (regression) t.output = 'c0';
  else if (t.output === 'bce' && t.classes > 2) t.output = 'softmax';
  const acts = s.activations.filter(isActivationName);
  t.activations = Array.from({ length: t.layers.length + 1 }, (_, l) =>
    // The last entry is the output's: a hidden layer past the list takes the first hidden layer's.
    l === t.layers.length ? acts[acts.length - 1] ?? (regression ? 'linear' : 'sigmoid') : l < acts.length - 1 ? acts[l] : acts[0] ?? 'tanh');
  t.ratio = clampRatio(t.ratio);
  t.batch = clampInt(t.batch, 1, 100);
  if (!SPEEDS.includes(t.speed)) t.speed = 0;
  return t;
}

/**
 * The state as a URL hash: `#dataset=circle&layers=4,2&…` (every field, so a link is complete).
 * @example fromHash(toHash(state)) // deep-equals state
 */
export function toHash(s: PlaygroundState): string {
  const fields: [string, string][] = [
    ['dataset', s.dataset], ['noise', String(s.noise)], ['ratio', String(s.ratio)], ['classes', String(s.classes)],
    ['seed', String(s.seed)], ['features', s.features.join(',')], ['layers', s.layers.join(',')],
    ['activations', s.activations.join(',')], ['output', s.output], ['lr', String(s.lr)], ['batch', String(s.batch)],
    ['reg', s.reg], ['regRate', String(s.regRate)], ['optimizer', s.optimizer], ['speed', String(s.speed)],
    ['discretize', s.discretize ? '1' : '0'],
  ];
  return '#' + fields.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/**
 * Reads a hash written by {@link toHash}; missing or unreadable fields keep their defaults (it never
 * throws). A regression data set without `activations` gets a linear output (a sigmoid cannot reach
 * targets below 0).
 * @example fromHash('#dataset=spiral&lr=0.1').lr // 0.1
 */
export function fromHash(hash: string): PlaygroundState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const d: PlaygroundState = p.get('dataset') === DIGITS ? { ...DEFAULT_STATE, ...DIGITS_PRESET } : DEFAULT_STATE;
  const num = (k: string, fallback: number) => {
    const v = Number(p.get(k));
    return p.has(k) && Number.isFinite(v) ? v : fallback;
  };
  const list = (k: string, fallback: string[]) => (p.has(k) ? p.get(k)!.split(',').filter((x) => x !== '') : fallback);
  const oneOf = <T extends string>(k: string, options: readonly T[], fallback: T): T => {
    const v = p.get(k) as T | null;
    return v !== null && options.includes(v) ? v : fallback;
  };
  const named = p.get('dataset') ?? d.dataset;
  const dataset = named in GENERATORS || named === 'csv' || named === DIGITS ? named : d.dataset;
  const regression = (GENERATORS[dataset]?.kind ?? 'classification') === 'regression';
  const activations = regression && !p.has('activations') ? [...d.activations.slice(0, -1), 'linear' as const] : list('activations', d.activations).filter(isActivationName);
  return {
    dataset,
    noise: num('noise', d.noise), ratio: num('ratio', d.ratio), classes: num('classes', d.classes), seed: num('seed', d.seed),
    features: list('features', d.features),
    layers: p.has('layers') ? list('layers', []).map(Number).filter((n) => Number.isInteger(n) && n > 0) : d.layers,
    activations,
    output: oneOf('output', ['bce', 'softmax', 'c0'] as const, d.output),
    lr: num('lr', d.lr), batch: num('batch', d.batch),
    reg: oneOf('reg', ['none', 'l1', 'l2'] as const, d.reg), regRate: num('regRate', d.regRate),
    optimizer: oneOf('optimizer', ['sgd', 'momentum', 'adam'] as const, d.optimizer),
    speed: num('speed', d.speed), discretize: p.get('discretize') === '1',
  };
}

/** Activation names offered in each layer's select. */
export const ACTIVATION_CHOICES = ACTIVATION_NAMES;

function clampRatio(r: number): number {
  return Math.min(0.9, Math.max(0.1, Number.isFinite(r) ? r : 0.5));
}

function clampInt(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(Number.isFinite(n) ? n : lo)));
}
