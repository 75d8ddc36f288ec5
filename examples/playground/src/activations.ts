import { OP_LIST, applyOp, type OpName, type OpSpec, type Value } from '../../../src/index.js';

/** A layer's activation: 'linear' (σ(z) = z) or the name of a unary op of chainrule's table. */
export type ActivationName = 'linear' | OpName;

/** Probe points for the table checks below: both sides of 0, a kink at 0 included. */
const PROBES = [-2, -0.5, 0.5, 2];

/**
 * Whether a table op makes a useful activation, judged from its table entry alone (no op names):
 * unary, defined on every real, a derivative that is not zero everywhere (not step) and not
 * affine (not neg). Ops other helpers add to the table (sin, …) pass the same test by themselves.
 * @example isActivationOp(OPS.tanh) // true; isActivationOp(OPS.step) // false
 */
export function isActivationOp(spec: OpSpec): boolean {
  if (spec.arity !== 1 || spec.domain.inputs[0] !== 'real') return false;
  const f = (a: number) => spec.forward(a, 0);
  const d = PROBES.map((a) => spec.local(0, a, 0, f(a)));
  if (d.every((x) => x === 0) || !PROBES.every((a) => Number.isFinite(f(a)))) return false;
  const affine = d.every((x) => Math.abs(x - d[0]) < 1e-12);
  return !affine;
}

/**
 * 'linear' then every table op that passes {@link isActivationOp}, in table order.
 * @example ACTIVATION_NAMES // ['linear', 'exp', 'sigmoid', 'tanh', 'relu'] with today's table
 */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['linear', ...OP_LIST.filter(isActivationOp).map((s) => s.name as OpName)];

/** σ(z) as a Value: z itself for linear, else the table op applied to z. */
export function activate(name: ActivationName, z: Value): Value {
  return name === 'linear' ? z : applyOp(name, [z]);
}

/** True when `name` is one of {@link ACTIVATION_NAMES}. */
export function isActivationName(name: string): name is ActivationName {
  return (ACTIVATION_NAMES as readonly string[]).includes(name);
}

/**
 * How the notes write an activation's derivative σ′(z), in LaTeX over the LaTeX of z: the panel
 * prints these forms, with the engine's number beside them (the table computes σ′ as σ(z)σ(−z)
 * and sech²(z) for precision in the tails; the value is the same). Activations not listed show
 * the table's own symbolic form.
 * @example TEXTBOOK_DERIVATIVE.sigmoid?.('z') // '\\sigma(z)\\left(1 - \\sigma(z)\\right)'
 */
export const TEXTBOOK_DERIVATIVE: Partial<Record<ActivationName, (z: string) => string>> = {
  sigmoid: (z) => `\\sigma(${z})\\left(1 - \\sigma(${z})\\right)`,
  tanh: (z) => `1 - \\tanh^2(${z})`,
  linear: () => '1',
};
