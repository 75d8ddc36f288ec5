import { readFileSync } from 'node:fs';
import type { CorpusExpression } from './symbolic-corpus.js';

// The shape of test/fixtures/symbolic-corpus.json (written by symbolic-peers.ts) and the two
// judgements the test and the bench share: agreement with sympy's 30-digit reference, and medians.

/** One peer's answer for one expression and order. */
export type PeerAnswer =
  | {
      status: 'ok';
      /** Time of the derivative and simplify calls, in milliseconds. */
      ms: number;
      /** Printed size: characters without whitespace. */
      size: number;
      /** The printed text, cut at 2000 characters. */
      text: string;
      /** math.js: its answer's value at the points (null where not a real number). */
      values?: (number | null)[];
      /** sympy: whether its simplified answer equals its exact derivative at the points (to 1e-20). */
      matchesReference?: boolean;
    }
  | { status: 'timeout'; ms: number }
  | { status: 'error'; error: string };

/** One order of one expression: sympy's exact values and the peers' answers. */
export interface CorpusOrder {
  /** diff(f, x, n) at each point to 30 significant digits (null where not a finite real). */
  reference: (string | null)[];
  mathjs: PeerAnswer;
  sympy: PeerAnswer;
}

/** The fixture file. */
export interface CorpusFixture {
  meta: {
    generated: string;
    seed: number;
    ops: string[];
    timeoutMs: number;
    mathjs: string;
    sympy: string;
    python: string;
    node: string;
    cpu: string;
    runSeconds: number;
    sizeMeasure: string;
  };
  expressions: (CorpusExpression & { orders: CorpusOrder[] })[];
}

/** Where the fixture lives, relative to the repository root. */
export const FIXTURE_PATH = new URL('../test/fixtures/symbolic-corpus.json', import.meta.url);

/** Reads the fixture. */
export function readFixture(): CorpusFixture {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as CorpusFixture;
}

/** Relative tolerance against the 30-digit reference. */
export const RELATIVE_TOLERANCE = 1e-9;

/**
 * True when `value` agrees with the reference to RELATIVE_TOLERANCE, with an absolute floor of
 * RELATIVE_TOLERANCE · scale: a float evaluation carries rounding relative to the largest
 * intermediate it passes through (`scale`, e.g. the largest |node value| of the graph), so an answer
 * that cancels to near 0 is judged against that magnitude, not against its own.
 */
export function agrees(value: number, reference: string, scale: number): boolean {
  const exact = Number(reference);
  return Math.abs(value - exact) <= RELATIVE_TOLERANCE * Math.max(Math.abs(exact), scale);
}

/** The median of a list (NaN for an empty one). */
export function medianOf(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
