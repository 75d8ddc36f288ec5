import { describe, expect, it } from 'vitest';
import { Value, compile, type Tape } from '../../src/index.js';

/** y = σ(w0·x0 + w1·x1) with x placeholders and w params; each call builds a fresh graph. */
function smallTape(): { tape: Tape; w: Value[] } {
  const x = [new Value(0), new Value(0)];
  const w = [new Value(0.5), new Value(-0.25)];
  const tape = compile(x[0].mul(w[0]).add(x[1].mul(w[1])).sigmoid(), { inputs: x });
  return { tape, w };
}

const ROWS = [[1, 2], [3, -1], [0.5, 0.5], [-2, 1]];

/** "Name: message" of what fn throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'nothing thrown';
}

/** The state a failed call must leave as it was. */
function snapshot(w: Value[]): number[] {
  return w.flatMap((v) => [v.data, v.grad]);
}

describe('Tape.run rejects bad options before anything changes', () => {
  it.each([
    ['an unknown reduce', { reduce: 'avg' }, `TypeError: chainrule.Tape.run: options.reduce must be 'mean' or 'sum', received "avg".`],
    ['an unknown key', { epoch: 5 }, `TypeError: chainrule.Tape.run: the keys of options must be among reduce, backward, params, grads, validate, received "epoch".`],
    ['a NaN parameter', { params: new Float64Array([0.5, Number.NaN]) }, `RangeError: chainrule.Tape.run: options.params[1] must be a finite number, received NaN.`],
    ['a non-boolean backward', { backward: 'no' }, `TypeError: chainrule.Tape.run: options.backward must be true or false, received "no".`],
    ['a non-boolean validate', { validate: 0 }, `TypeError: chainrule.Tape.run: options.validate must be true or false, received 0.`],
    ['options that are not an object', 'sum', `TypeError: chainrule.Tape.run: options must be an object { reduce?, backward?, params?, grads?, validate? }, received "sum".`],
  ])('%s', (_, options, message) => {
    // Arrange
    const { tape, w } = smallTape();
    const grads = new Float64Array(2).fill(7);
    const before = snapshot(w);
    // Act / Assert: the error, and no grad (Values' or the grads array's) touched
    const withGrads = typeof options === 'object' && 'params' in options ? { ...options, grads } : options;
    expect(thrown(() => tape.run(ROWS, withGrads as never))).toBe(message);
    expect(snapshot(w)).toEqual(before);
    expect([...grads]).toEqual([7, 7]);
  });

  it('writeParams with a NaN throws and writes nothing', () => {
    const { tape, w } = smallTape();
    const before = snapshot(w);
    expect(() => tape.writeParams(new Float64Array([1, Number.NaN]))).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.writeParams: values[1] must be a finite number, received NaN.]`);
    expect(snapshot(w)).toEqual(before);
  });
});

describe('Tape.run on the hot path', () => {
  it('validate: false gives the same outputs and gradients, and still checks the batch shape', () => {
    const a = smallTape(), b = smallTape();
    const outA = a.tape.run(ROWS);
    const outB = b.tape.run(ROWS, { validate: false });
    expect([...outB]).toEqual([...outA]);
    expect(snapshot(b.w)).toEqual(snapshot(a.w));
    expect(() => b.tape.run([[1, 2, 3]], { validate: false })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.run: examples[0].length must be 2, received 3.]`);
  });

  it('batches of changing sizes (a partial last batch) give what fresh tapes give, in the same arrays', () => {
    // Arrange: one tape reused over sizes 4, 3, 1, 4; a fresh tape per batch as the reference
    const { tape, w } = smallTape();
    const internals = tape as unknown as { batch: { M: Float64Array } | null };
    let M: Float64Array | undefined;
    for (const size of [4, 3, 1, 4]) {
      const rows = ROWS.slice(0, size);
      const fresh = smallTape();
      for (const v of w) v.grad = 0;
      // Act
      const out = tape.run(rows);
      const want = fresh.tape.run(rows);
      // Assert: same results; the value array made for the first (largest) batch is kept
      expect([...out]).toEqual([...want]);
      expect(snapshot(w)).toEqual(snapshot(fresh.w));
      M ??= internals.batch!.M;
      expect(internals.batch!.M).toBe(M);
    }
  });

  it('params in an array give what the Values give, declared params contiguous or not (one feeds no output)', () => {
    for (const unused of [false, true]) {
      // Arrange: y = σ(w0·x0 + w1·x1), params [w0, w1] or [w0, u, w1] with u on no path
      const x = [new Value(0), new Value(0)];
      const w = [new Value(0.5), new Value(-0.25)];
      const u = new Value(3);
      const params = unused ? [w[0], u, w[1]] : w;
      const tape = compile(x[0].mul(w[0]).add(x[1].mul(w[1])).sigmoid(), { inputs: x, params });
      // Act
      const grads = new Float64Array(params.length);
      const out = tape.run(ROWS, { params: Float64Array.from(params, (p) => p.data), grads });
      const outValues = tape.run(ROWS);
      // Assert
      expect([...out]).toEqual([...outValues]);
      expect([...grads]).toEqual(params.map((p) => p.grad));
    }
  });
});
