import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, constant, countNodes, defineOp, evaluate, parse, toText, topologicalOrder, type SharedMode } from '../../src/index.js';
import { countDistinct } from '../helpers/distinct-nodes.js';
import { RUNS, SEED } from '../helpers/runs.js';

// parse(toText(y)) is y again, whatever the labels and op names: a label that reads as another
// token is quoted, and the let form's names avoid every label and op name of the expression.

const MODES: readonly SharedMode[] = ['auto', 'inline', 'let'];

/** Labels that read as something else when written bare. */
const HOSTILE_LABELS = [
  'Infinity', 'NaN', '1e3', '2x', 'a+b', '-x', 'x y', ' x', 'a"b', 'a\\b', '"', '\\', '\n', 'é', 'θ_1', 'let', 'in',
  't1', 'u1', 't_1', 'sin', 'sum', 'dot', 'x,y', '(', 'a*b', 'f(x)', '1/2', '.5', '[', ';', '=', '#', '\u0000', '\ud800',
];

// User ops whose names the let form could take, or that read as a word of the syntax.
const tOne = defineOp({ name: 't1', arity: 1, forward: (a) => 2 * a, local: () => 2, symbolic: (_i, _a, _b, _y, k) => k(2) });
const uOne = defineOp({ name: 'u1', arity: 2, forward: (a, b) => a - b, local: (i) => (i === 0 ? 1 : -1), symbolic: (i, _a, _b, _y, k) => k(i === 0 ? 1 : -1) });
const letOp = defineOp({ name: 'let', arity: 1, forward: (a) => a + 1, local: () => 1, symbolic: (_i, _a, _b, _y, k) => k(1) });
const inOp = defineOp({ name: 'in', arity: 1, forward: (a) => a * a, local: (_i, a) => 2 * a, symbolic: (_i, a, _b, _y, k) => k(2).mul(a) });
const infinityOp = defineOp({ name: 'Infinity', arity: 1, forward: (a) => -a, local: () => -1, symbolic: (_i, _a, _b, _y, k) => k(-1) });
const USER_OPS = [tOne.spec, uOne.spec, letOp.spec, inOp.spec, infinityOp.spec];

/** parse(toText(y)) at the leaves' own values and at another point: the same numbers, bit for bit. */
function expectReadsBack(y: Value, vars: Record<string, Value>, options: { shared: SharedMode; stopAtLabels?: boolean }) {
  const text = toText(y, options);
  const back = parse(text, vars);
  expect(Object.is(back.data, y.data) || (Number.isNaN(back.data) && Number.isNaN(y.data)), text).toBe(true);
  const leaves = topologicalOrder([y]).filter((v) => v.spec === null && v.label !== '');
  const at = new Map(leaves.map((l, i) => [l, 0.25 + i / 7]));
  const [want, got] = [evaluate(y, at), evaluate(back, at)];
  expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), text).toBe(true);
  return { text, back };
}

describe('labels that read as another token', () => {
  it('are quoted as JSON strings, and parse reads them as names', () => {
    const plain = new Value(1, 'x');
    for (const label of HOSTILE_LABELS) {
      const v = new Value(0.5, label);
      const y = v.mul(3).add(plain);
      const { text, back } = expectReadsBack(y, { [label]: v, x: plain }, { shared: 'auto' });
      expect(back.inputs[0].inputs[0]).toBe(v);
      if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(label) && label !== 'Infinity' && label !== 'NaN') expect(text.startsWith(`${label} * 3`)).toBe(true);
      else expect(text.startsWith(`${JSON.stringify(label)} * 3`)).toBe(true);
    }
    expect(toText(new Value(2, 'Infinity').add(Infinity))).toMatchInlineSnapshot(`""Infinity" + Infinity"`);
    expect(toText(new Value(2, 'a+b').mul(new Value(1, '-x')))).toMatchInlineSnapshot(`""a+b" * "-x""`);
    expect(toText(new Value(2, '2x').pow(new Value(1, '1e3')))).toMatchInlineSnapshot(`""2x"^"1e3""`);
  });

  it('a quoted name is always a name: never a call, a number or a word of the let form', () => {
    const v = new Value(3, 'sin');
    expect(parse('"sin" * sin("sin")', { sin: v }).data).toBe(3 * Math.sin(3));
    expect(parse('sin * 2', { sin: v }).data).toBe(6);
    expect(parse('"Infinity" + Infinity', { Infinity: v }).data).toBe(Infinity);
    expect(parse('"let" * 2', { let: v }).data).toBe(6);
    expect(() => parse('"sin"(2)', { sin: v })).toThrow(/must be an operator or the end of the input, received '\('/);
    expect(() => parse('"x', { x: v })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the quoted name at position 0 must be a JSON string closed by " (escapes such as \\" and \\u00e9), received "x.
        "x
        ^]
    `);
    expect(() => parse('"\\q"', { x: v })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the quoted name at position 0 must be a JSON string closed by " (escapes such as \\" and \\u00e9), received "\\q".
        "\\q"
        ^]
    `);
    expect(() => parse('"y" * 2', { x: v })).toThrow(/the name at position 0 must be one of x/);
  });
});

describe('op names the let form could take', () => {
  it('names avoid user ops called t1 and u1: `let t1 = t1(x + y) in …` cannot happen', () => {
    const [x, y] = [new Value(0.5, 'x'), new Value(1.5, 'y')];
    const s = tOne(x.add(y));
    const e = s.mul(s).add(tOne(s));
    for (const shared of MODES) expectReadsBack(e, { x, y }, { shared });
    expect(toText(e, { shared: 'let' })).toMatchInlineSnapshot(`"let u1 = t1(x + y) in u1 * u1 + t1(u1)"`);
    const both = uOne(s, s).mul(uOne(s, s));
    expect(toText(both, { shared: 'let' })).toMatchInlineSnapshot(`"let v1 = t1(x + y); v2 = u1(v1, v1) in v2 * v2"`);
    for (const shared of MODES) expectReadsBack(both, { x, y }, { shared });
  });

  it('ops called let, in and Infinity print as calls and read back', () => {
    const x = new Value(0.5, 'x');
    const s = letOp(x).add(inOp(x)).add(infinityOp(x));
    const e = s.mul(s).add(letOp(s));
    for (const shared of MODES) expectReadsBack(e, { x }, { shared });
    expect(toText(e, { shared: 'let' })).toMatchInlineSnapshot(`"let t1 = let(x) + in(x) + Infinity(x) in t1 * t1 + let(t1)"`);
  });
});

describe('every printer/parser pair reads back under hostile labels and op names (property)', () => {
  const arbLabel = fc.oneof(fc.constantFrom(...HOSTILE_LABELS), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
  const arbCase = fc.record({
    steps: fc.array(fc.record({ op: fc.nat(OP_LIST.length + USER_OPS.length - 1), picks: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }), { minLength: 1, maxLength: 10 }),
    labels: fc.uniqueArray(arbLabel.filter((l) => l !== ''), { minLength: 6, maxLength: 6 }),
    interior: fc.array(fc.nat(), { maxLength: 3 }),
    shared: fc.constantFrom(...MODES),
    stopAtLabels: fc.boolean(),
  });

  it('parse(toText(y, options)) computes y, for every mode, with and without stopAtLabels', () => {
    fc.assert(
      fc.property(arbCase, ({ steps, labels, interior, shared, stopAtLabels }) => {
        // Arrange: a random DAG over built-in and user ops, leaves and some interior nodes
        // labelled with hostile labels (distinct, so vars can name each).
        const leaves = [new Value(0.5, labels[0]), new Value(-1.25, labels[1]), new Value(2, labels[2])];
        const pool: Value[] = [...leaves, constant(3), constant(-0.5)];
        const specs = [...OP_LIST, ...USER_OPS];
        for (const { op, picks } of steps) {
          const spec = specs[op];
          const count = spec.arity === 'n' ? spec.group * Math.max(1, Math.floor(picks.length / spec.group)) : spec.arity;
          const inputs = picks.slice(0, count).map((p) => pool[pool.length - 1 - (p % Math.min(pool.length, 4))]);
          while (inputs.length < count) inputs.push(pool[pool.length - 1]);
          pool.push(applyOp(spec.name, inputs));
        }
        const y = pool[pool.length - 1];
        const vars: Record<string, Value> = Object.fromEntries(leaves.map((l) => [l.label, l]));
        const inner = pool.slice(5, -1).filter((v) => v.spec !== null);
        if (stopAtLabels) {
          interior.slice(0, 3).forEach((k, i) => {
            const node = inner[k % Math.max(1, inner.length)];
            if (node === undefined || node.label !== '') return;
            node.label = labels[3 + i];
            vars[node.label] = node;
          });
        }
        // Only the names the text can mention (a var the text never uses may be any name).
        const printed = new Set<Value>();
        const stack = [y];
        while (stack.length > 0) {
          const v = stack.pop()!;
          if (printed.has(v)) continue;
          printed.add(v);
          if (v.spec !== null && !(stopAtLabels && v.label !== '' && v !== y)) stack.push(...v.inputs);
        }
        for (const [name, v] of Object.entries(vars)) if (!printed.has(v)) delete vars[name];
        // Act / Assert
        const { back } = expectReadsBack(y, vars, { shared, stopAtLabels });
        if (!stopAtLabels) expect(countNodes(back)).toBe(countDistinct(y));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
