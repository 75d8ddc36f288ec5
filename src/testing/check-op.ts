import { checkOptionKeys, rangeError, typeError } from '../errors/messages.js';
import { Value, applyOp, derivative, lookupOp, type DefinedOp, type OpSpec } from '../index.js';
import { gradcheck } from './gradcheck.js';

const OPTION_KEYS = ['domain', 'points', 'seed', 'rtol', 'atol'];

/**
 * Where and how strictly {@link checkOp} tests an op.
 * @category Testing
 */
export interface CheckOpOptions {
  /** The interval [min, max] each operand is drawn from: one per operand, or one for all. Keep it off kinks. */
  domain: readonly [number, number] | readonly (readonly [number, number])[];
  /** How many points to draw. @defaultValue 50 */
  points?: number;
  /** Seed of the point sampler (the same seed draws the same points). @defaultValue 1 */
  seed?: number;
  /** Relative tolerance, as in gradcheck. @defaultValue 1e-5 */
  rtol?: number;
  /** Absolute tolerance, as in gradcheck. @defaultValue 1e-7 */
  atol?: number;
}

/**
 * One disagreement found by {@link checkOp}.
 * @category Testing
 */
export interface CheckOpFailure {
  /** The operands. */
  readonly point: readonly number[];
  /** Which operand's partial. */
  readonly input: number;
  /** 'local': the numeric rule (through backward); 'symbolic': the symbolic rule (through derivative()). */
  readonly rule: 'local' | 'symbolic';
  /** The rule's value. */
  readonly got: number;
  /** Central finite differences (Richardson-extrapolated, as gradcheck computes them). */
  readonly want: number;
}

/**
 * What {@link checkOp} found.
 * @category Testing
 */
export interface CheckOpResult {
  /** True when every checked partial agreed with central differences. */
  readonly ok: boolean;
  /** Points checked. */
  readonly points: number;
  /** Whether the symbolic rule was checked (false for an op defined without one). */
  readonly symbolic: boolean;
  /** The first disagreements (at most 10). */
  readonly failures: readonly CheckOpFailure[];
}

/**
 * Gradchecks an op's rules over a domain you give: at each drawn point, its numeric `local` rule
 * (through backward) and, when it has one, its `symbolic` rule (through derivative()) against
 * central finite differences of its forward. Use it in a test of every op you define.
 *
 * @example
 * const softsign = defineOp({ name: 'softsign', arity: 1, forward: (a) => a / (1 + Math.abs(a)), local: (_i, a) => (1 + Math.abs(a)) ** -2 });
 * expect(checkOp(softsign, { domain: [-4, 4] }).ok).toBe(true);
 * @throws TypeError if op is not a registered op (made by defineOp, or a built-in entry), for an
 *   unknown or inherited option key or an option of the wrong type; RangeError for a domain of the
 *   wrong shape or length, an empty, reversed or infinite interval, a point count that is not a
 *   positive integer, a seed that is not an integer, or a tolerance that is not positive and finite
 * @category Testing
 */
export function checkOp(op: DefinedOp | OpSpec, options: CheckOpOptions): CheckOpResult {
  const spec = specOf(op);
  const arity = spec.arity === 'n' ? 2 * spec.group : spec.arity;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw typeError('checkOp', 'options', 'an object { domain, points?, seed?, rtol?, atol? }', options);
  checkOptionKeys('checkOp', options, OPTION_KEYS);
  const intervals = checkDomain(options.domain, arity);
  const { points = 50, seed = 1, rtol = 1e-5, atol = 1e-7 } = options;
  for (const [key, n] of [['points', points], ['seed', seed], ['rtol', rtol], ['atol', atol]] as const) {
    if (typeof n !== 'number') throw typeError('checkOp', `options.${key}`, 'a number', n);
  }
  if (!(Number.isInteger(points) && points > 0)) throw rangeError('checkOp', 'options.points', 'a positive integer', points);
  if (!Number.isInteger(seed)) throw rangeError('checkOp', 'options.seed', 'an integer', seed);
  // Checked here, not left to gradcheck: its error would name gradcheck, after points were drawn.
  for (const [key, tol] of [['rtol', rtol], ['atol', atol]] as const) {
    if (!(Number.isFinite(tol) && tol > 0)) throw rangeError('checkOp', `options.${key}`, 'a positive finite number', tol);
  }
  const hasSymbolic = typeof op === 'function' ? op.hasSymbolic : true;
  const random = mulberry32(seed);
  const failures: CheckOpFailure[] = [];
  const f = (...xs: Value[]) => applyOp(spec.name, xs);
  for (let p = 0; p < points; p++) {
    const point = intervals.map(([lo, hi]) => lo + (hi - lo) * random());
    const check = gradcheck(f, point, { rtol, atol });
    const record = (input: number, rule: 'local' | 'symbolic', got: number) => {
      if (failures.length < 10) failures.push({ point, input, rule, got, want: check.numeric[input] });
    };
    point.forEach((_, i) => {
      const diff = Math.abs(check.analytic[i] - check.numeric[i]);
      if (!(diff <= atol + rtol * Math.max(Math.abs(check.analytic[i]), Math.abs(check.numeric[i])) + check.numericError[i])) record(i, 'local', check.analytic[i]);
    });
    if (!hasSymbolic) continue;
    const leaves = point.map((x) => new Value(x));
    const node = f(...leaves);
    leaves.forEach((leaf, i) => {
      const d = derivative(node, leaf).data;
      const n = check.numeric[i];
      if (!(Math.abs(d - n) <= atol + rtol * Math.max(Math.abs(d), Math.abs(n)) + check.numericError[i])) record(i, 'symbolic', d);
    });
  }
  return { ok: failures.length === 0, points, symbolic: hasSymbolic, failures };
}

/** The registered entry op stands for; a copy or a look-alike is rejected (checkOp runs the op by name). */
function specOf(op: unknown): OpSpec {
  const expected = 'an op made by defineOp or an op entry (OPS.x)';
  if (typeof op === 'string') throw typeError('checkOp', 'op', expected, op, `Pass the entry itself, e.g. lookupOp(${JSON.stringify(op)}).`);
  const spec: unknown = typeof op === 'function' && 'spec' in op ? (op as DefinedOp).spec : op;
  if (typeof spec !== 'object' || spec === null || !('name' in spec)) throw typeError('checkOp', 'op', expected, op);
  const name = (spec as { name: unknown }).name;
  if (typeof name !== 'string' || lookupOp(name) !== spec) {
    throw typeError('checkOp', 'op', expected, op, `This entry is not registered: lookupOp(${JSON.stringify(name)}) is not it.`);
  }
  return spec as OpSpec;
}

function checkDomain(domain: unknown, arity: number): (readonly [number, number])[] {
  const isInterval = (d: unknown): d is readonly [number, number] =>
    Array.isArray(d) && d.length === 2 && typeof d[0] === 'number' && typeof d[1] === 'number' && Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[0] < d[1];
  if (isInterval(domain)) return Array.from({ length: arity }, () => domain);
  if (Array.isArray(domain) && domain.length === arity && domain.every(isInterval)) return domain;
  throw rangeError('checkOp', 'options.domain', `an interval [min, max] (min < max, finite) or an array of ${arity} of them`, domain);
}

/** A small seeded generator (mulberry32): the same seed draws the same points, with no dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
