import { describe, expect, it } from 'vitest';
import { Value, dot } from '../../src/index.js';
import { toDot } from '../../src/print/dot.js';

describe('toDot', () => {
  it('shows op, data and grad per node, like micrograd draw_dot', () => {
    const x = new Value(2, 'x');
    const w = new Value(-3, 'w');
    const y = x.mul(w).add(1).tanh();
    y.label = 'y';
    y.backward();
    expect(toDot(y)).toMatchInlineSnapshot(`
      "digraph chainrule {
        rankdir=LR;
        node [shape=record, fontname="Helvetica"];
        n0 [label="{ w | data -3.0000 | grad 0.0004 }"];
        n1 [label="{ x | data 2.0000 | grad -0.0005 }"];
        n2 [label="{ data 1.0000 | grad 0.0000 }"];
        n3 [label="{ data -6.0000 | grad 0.0002 }"];
        n3_op [label="*", shape=ellipse];
        n3_op -> n3;
        n1 -> n3_op;
        n0 -> n3_op;
        n4 [label="{ data -5.0000 | grad 0.0002 }"];
        n4_op [label="+", shape=ellipse];
        n4_op -> n4;
        n3 -> n4_op;
        n2 -> n4_op;
        n5 [label="{ y | data -0.9999 | grad 1.0000 }"];
        n5_op [label="tanh", shape=ellipse];
        n5_op -> n5;
        n4 -> n5_op;
      }"
    `);
  });

  it('escapes record syntax in labels and takes options', () => {
    const a = new Value(1, 'a^{(L-1)} | "q"');
    expect(toDot(dot([a], [a]), { rankdir: 'TB', digits: 1 })).toMatchInlineSnapshot(`
      "digraph chainrule {
        rankdir=TB;
        node [shape=record, fontname="Helvetica"];
        n0 [label="{ a^\\{(L-1)\\} \\| \\"q\\" | data 1.0 | grad 0.0 }"];
        n1 [label="{ data 1.0 | grad 0.0 }"];
        n1_op [label="dot", shape=ellipse];
        n1_op -> n1;
        n0 -> n1_op;
        n0 -> n1_op;
      }"
    `);
  });

  it('numbers shared nodes once and leaves the graph as it found it', () => {
    // toDot keeps its ids in the nodes' scratch field; backward and later prints must not notice.
    const build = () => {
      const x = new Value(0.7, 'x');
      const s = x.mul(x).sigmoid();
      return { x, y: s.add(s.mul(x)).tanh() };
    };
    const reference = build();
    reference.y.backward();
    const { x, y } = build();
    const first = toDot(y);
    expect(first.match(/ \[label="\{ x \|/g)).toHaveLength(1);
    expect(first.match(/  n0 -> n\d+_op;/g)).toHaveLength(3); // x feeds x * x twice and s * x once
    y.backward();
    expect(x.grad).toBe(reference.x.grad);
    expect(toDot(y)).toBe(toDot(reference.y));
  });

  it('prints a 1,000,000-node chain without stack overflow', () => {
    let y: Value = new Value(1, 'x');
    for (let i = 0; i < 250_000; i++) y = y.mul(0.5).add(1);
    const text = toDot(y);
    expect(text.endsWith('}')).toBe(true);
    expect(text.includes('\n  n1000000 [label="{ data 2.0000 | grad 0.0000 }"];')).toBe(true); // the 1,000,001st node
  });

  it('rejects bad arguments', () => {
    const x = new Value(1, 'x');
    expect(() => toDot(3 as unknown as Value)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toDot: root must be a Value, received 3.]`);
    expect(() => toDot(x, { digits: 1.5 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toDot: options.digits must be an integer in [0, 20], received 1.5.]`);
    expect(() => toDot(x, { rankdir: 'RL' as 'LR' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toDot: options.rankdir must be 'LR' or 'TB', received "RL".]`);
  });
});
