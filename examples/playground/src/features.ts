/** One input feature of the network, computed from a point (x₁, x₂). */
export interface Feature {
  readonly id: string;
  /** Label in LaTeX (network inputs) and plain text (buttons). */
  readonly latex: string;
  readonly text: string;
  readonly f: (x1: number, x2: number) => number;
}

/** TensorFlow Playground's seven features. */
export const FEATURES: readonly Feature[] = [
  { id: 'x1', latex: 'x_1', text: 'x₁', f: (x1) => x1 },
  { id: 'x2', latex: 'x_2', text: 'x₂', f: (_x1, x2) => x2 },
  { id: 'x1sq', latex: 'x_1^2', text: 'x₁²', f: (x1) => x1 * x1 },
  { id: 'x2sq', latex: 'x_2^2', text: 'x₂²', f: (_x1, x2) => x2 * x2 },
  { id: 'x1x2', latex: 'x_1 x_2', text: 'x₁x₂', f: (x1, x2) => x1 * x2 },
  { id: 'sin1', latex: '\\sin x_1', text: 'sin x₁', f: (x1) => Math.sin(x1) },
  { id: 'sin2', latex: '\\sin x_2', text: 'sin x₂', f: (_x1, x2) => Math.sin(x2) },
];

/** The enabled features, in FEATURES order. */
export function enabledFeatures(ids: readonly string[]): Feature[] {
  return FEATURES.filter((f) => ids.includes(f.id));
}

/** The feature vector of one point. */
export function featureRow(features: readonly Feature[], x1: number, x2: number): number[] {
  return features.map((f) => f.f(x1, x2));
}
