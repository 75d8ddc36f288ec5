import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, MLP } from '../../src/nn/index.js';
import type { MLPJSON } from '../../src/nn/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const SEED = Number(process.env.FC_SEED ?? 424242); // FC_SEED overrides, as everywhere

const arbNet = fc
  .record({
    nin: fc.integer({ min: 1, max: 6 }),
    nouts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    outputActivation: fc.constantFrom(...ACTIVATIONS),
    seed: fc.integer(),
  })
  .chain(({ nin, nouts, ...options }) => {
    const o = { nin, nouts, options };
    const net = new MLP(o.nin, o.nouts, o.options);
    const count = net.parameters().length;
    const weights = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: count, maxLength: count });
    return weights.map((ws) => {
      const copy = new MLP(o.nin, o.nouts, o.options);
      copy.parameters().forEach((p, i) => (p.data = ws[i]));
      return copy;
    });
  });

const bits = (net: MLP) => net.parameters().map((p) => p.data);

describe('MLP toJSON / fromJSON', () => {
  it('round-trips bit-identically (object form, −0 included)', () => {
    fc.assert(
      fc.property(arbNet, (net) => {
        const loaded = MLP.fromJSON(net.toJSON());
        expect(loaded.nouts).toEqual(net.nouts);
        expect(loaded.layers.map((l) => l.activation)).toEqual(net.layers.map((l) => l.activation));
        bits(loaded).forEach((x, i) => expect(Object.is(x, bits(net)[i])).toBe(true));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('round-trips through JSON text (numbers exact; −0 reads back as the equal 0)', () => {
    fc.assert(
      fc.property(arbNet, (net) => {
        const loaded = MLP.fromJSON(JSON.stringify(net));
        expect(bits(loaded)).toEqual(bits(net).map((x) => (Object.is(x, -0) ? 0 : x)));
        expect(JSON.stringify(loaded)).toBe(JSON.stringify(net));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('loads a separate model: training the copy leaves the original alone', () => {
    const net = new MLP(2, [3, 1], { seed: 5 });
    const copy = MLP.fromJSON(net.toJSON());
    copy.parameters()[0].data += 1;
    expect(net.parameters()[0].data).not.toBe(copy.parameters()[0].data);
  });

  it('rejects every kind of corruption with a message naming the field, and changes nothing', () => {
    const corruptions: [string, (j: any) => void, RegExp][] = [
      ['short weights', (j) => j.layers[1].neurons[0].w.pop(), /layers\[1\]\.neurons\[0\]\.w must be an array of length \d+, received an array of length \d+\./],
      ['NaN weight', (j) => (j.layers[0].neurons[1].w[0] = NaN), /layers\[0\]\.neurons\[1\]\.w\[0\] must be a finite number, received NaN\./],
      ['infinite bias', (j) => (j.layers[0].neurons[0].b = Infinity), /layers\[0\]\.neurons\[0\]\.b must be a finite number/],
      ['string weight', (j) => (j.layers[0].neurons[0].w[1] = '0.5'), /w\[1\] must be a number, received "0.5"/],
      ['missing bias', (j) => delete j.layers[1].neurons[0].b, /layers\[1\]\.neurons\[0\]\.b must be a number, received undefined/],
      ['unknown activation', (j) => (j.layers[0].activation = 'swish'), /layers\[0\]\.activation must be "linear" or the name of a unary op .+, received "swish"\. Define the op/],
      ['no layers', (j) => (j.layers = []), /layers must be a non-empty array/],
      ['empty layer', (j) => (j.layers[1].neurons = []), /layers\[1\]\.neurons must be a non-empty array/],
      ['wrong version', (j) => (j.version = 2), /version must be 1/],
      ['wrong format', (j) => (j.format = 'other'), /format must be "chainrule.mlp"/],
      ['bad nin', (j) => (j.nin = 0), /nin must be an integer ≥ 1, received 0/],
      ['neuron not an object', (j) => (j.layers[0].neurons[2] = null), /layers\[0\]\.neurons\[2\] must be an object, received null/],
    ];
    for (const [name, corrupt, message] of corruptions) {
      const net = new MLP(2, [3, 1], { seed: 9 });
      const before = bits(net);
      const json = JSON.parse(JSON.stringify(net)) as MLPJSON;
      corrupt(json);
      const frozen = JSON.stringify(json);
      expect(() => MLP.fromJSON(json), name).toThrow(message);
      expect(() => MLP.fromJSON(json), name).toThrow(/^chainrule\.MLP\.fromJSON: /);
      expect(JSON.stringify(json), name).toBe(frozen);
      expect(bits(net), name).toEqual(before);
    }
  });

  it('names the exact neuron in a mismatched file', () => {
    const json = new MLP(4, [16, 16, 10]).toJSON();
    json.layers[1].neurons[3].w.pop();
    expect(() => MLP.fromJSON(json)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.MLP.fromJSON: layers[1].neurons[3].w must be an array of length 16, received an array of length 15.]`,
    );
  });

  it('refuses a model of more than 2^26 parameters, as new MLP does, counted before any weight is read or copied', () => {
    // 8,192 neurons sharing one 8,193-weight row: 8,192 · 8,194 = 67,125,248 parameters (~67M Values).
    let reads = 0;
    const row = new Proxy(new Array<number>(8193).fill(0.5), {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const neuron = { w: row, b: 0 };
    const json = { format: 'chainrule.mlp', version: 1, nin: 8193, layers: [{ activation: 'linear', neurons: new Array(8192).fill(neuron) }] };
    expect(() => MLP.fromJSON(json)).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.MLP.fromJSON: the parameter count of layers must be at most 67108864 (one Value object each), received 67125248.]`);
    expect(reads).toBe(0);
    expect(() => new MLP(8193, [8192], { activation: 'linear' })).toThrow('chainrule.MLP: the parameter count of nin and nouts must be at most 67108864 (one Value object each), received 67125248.');
    // The cap counts every layer: two layers under it alone, over it together.
    const half = (width: number, count: number) => ({ activation: 'relu', neurons: new Array(count).fill({ w: new Proxy(new Array<number>(width).fill(1), { get: (t, k, r) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(t, k, r) as unknown) }), b: 0 }) });
    const wide = { format: 'chainrule.mlp', version: 1, nin: 8193, layers: [half(8193, 4096), half(4096, 8192)] }; // 33,562,624 each
    expect(() => MLP.fromJSON(wide)).toThrow('the parameter count of layers must be at most 67108864');
    expect(reads).toBe(0);
  });

  it('rejects text that is not JSON and values that are not objects', () => {
    expect(() => MLP.fromJSON('{"format": ')).toThrow(/^chainrule\.MLP\.fromJSON: json must be valid JSON text/);
    expect(() => MLP.fromJSON(42)).toThrow('chainrule.MLP.fromJSON: the saved model must be an object, received 42.');
    expect(() => MLP.fromJSON([])).toThrow(TypeError);
  });

  it('rejects random garbage without throwing anything but its own errors', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (garbage) => {
        expect(() => MLP.fromJSON(garbage)).toThrow(/^chainrule\.MLP\.fromJSON: /);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
