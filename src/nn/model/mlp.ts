import { Value, constant } from '../../index.js';
import { checkActivation, type Activation } from './activation.js';
import { checkInteger, checkNumber, rangeError, typeError } from '../errors.js';
import { checkInit, defaultInit, initialWeights, type InitScheme } from './init.js';
import { Layer } from './layer.js';
import { Neuron } from './neuron.js';
import { ownOptions } from '../train/options.js';
import { mulberry32 } from '../random.js';
import { forwardMatchesLayers } from './reproduce.js';
import { decodeMLP, encodeMLP, type MLPJSON } from './serialize.js';
import { MAX_PARAMETERS, checkParameterCount } from './size.js';


/**
 * Options of {@link MLP}.
 * @category Neural nets
 */
export interface MLPOptions {
  /**
   * σ of the hidden layers: 'linear' or the name of a unary op, built-in or defined with
   * `defineOp` (see {@link Activation}). @defaultValue 'sigmoid' (the notes' network)
   */
  activation?: Activation;
  /** σ of the last layer. @defaultValue the same as `activation` */
  outputActivation?: Activation;
  /** Seed of the weight initialisation: the same seed gives bit-identical weights. @defaultValue 1 */
  seed?: number;
  /** Weight distribution. @defaultValue 'he' for relu, 'xavier' otherwise */
  init?: InitScheme;
}

/**
 * A multilayer perceptron: layers[l].neurons[j].w[k] is the weight w_jk that connects neuron k
 * of the previous layer (the input for l = 0) to neuron j of layer l.
 *
 * @category Neural nets
 * @example
 * const net = new MLP(2, [4, 1], { seed: 7 });
 * const [out] = net.forward([0, 1]);
 * mse([out], [1]).backward(); // fills every parameter's grad
 */
export class MLP {
  /** Inputs of the network. */
  readonly nin: number;
  /** The layers, first to last. */
  readonly layers: Layer[];

  /**
   * @param nin - input width (≥ 1)
   * @param nouts - the width of each layer, last one = outputs (each ≥ 1, at least one layer)
   * @throws TypeError / RangeError naming the bad argument or option (an unknown key too), or
   * sizes that would need more than 2^26 parameters
   */
  constructor(nin: number, nouts: readonly number[], options?: MLPOptions) {
    checkInteger('MLP', 'nin', nin, 1, MAX_PARAMETERS);
    if (!Array.isArray(nouts)) throw typeError('MLP', 'nouts', 'an array of layer widths', nouts);
    if (nouts.length === 0) throw rangeError('MLP', 'nouts', 'a non-empty array of layer widths', nouts);
    for (let l = 0; l < nouts.length; l++) checkInteger('MLP', `nouts[${l}]`, nouts[l], 1, MAX_PARAMETERS); // forEach would skip a hole
    checkParameterCount('MLP', 'nin and nouts', nin, nouts);
    const o = ownOptions('MLP', options, ['activation', 'outputActivation', 'seed', 'init']);
    const hidden = checkActivation('MLP', 'options.activation', o.activation ?? 'sigmoid');
    const output = checkActivation('MLP', 'options.outputActivation', o.outputActivation ?? hidden);
    const seed = checkNumber('MLP', 'options.seed', o.seed ?? 1);
    const init = o.init === undefined ? undefined : checkInit('MLP', 'options.init', o.init);
    const rng = mulberry32(seed);
    const sizes = [nin, ...nouts];
    this.nin = nin;
    this.layers = nouts.map((nout, l) => {
      const activation = l === nouts.length - 1 ? output : hidden;
      const scheme = init ?? defaultInit(activation);
      const neurons: Neuron[] = [];
      for (let j = 0; j < nout; j++) {
        const w = initialWeights(scheme, sizes[l], nout, rng).map((x) => new Value(x));
        neurons.push(new Neuron(w, new Value(0), activation));
      }
      return new Layer(neurons);
    });
  }

  /**
   * An MLP made of given layers (each layer's input width must match the previous layer's width).
   * @example
   * const net = new MLP(2, [3, 1]);
   * const body = MLP.fromLayers([net.layers[0]]); // the first layer alone, sharing its Values
   * @throws TypeError if an entry is not a Layer; RangeError if the widths do not chain
   */
  static fromLayers(layers: readonly Layer[]): MLP {
    if (!Array.isArray(layers)) throw typeError('MLP.fromLayers', 'layers', 'an array of Layer', layers);
    if (layers.length === 0) throw rangeError('MLP.fromLayers', 'layers', 'a non-empty array of Layer', layers);
    for (let l = 0; l < layers.length; l++) { // forEach would skip a hole
      const layer: unknown = layers[l];
      if (!(layer instanceof Layer)) throw typeError('MLP.fromLayers', `layers[${l}]`, 'a Layer', layer);
      if (l > 0 && layer.nin !== layers[l - 1].nout) {
        throw rangeError('MLP.fromLayers', `layers[${l}].nin`, `${layers[l - 1].nout} (the width of layers[${l - 1}])`, layer.nin);
      }
    }
    return fromCheckedLayers(layers);
  }

  /**
   * Loads a model saved by {@link toJSON} (the object or its JSON text). Every field is checked
   * before anything is built: bad input throws an error naming the field and returns no model.
   * Only plain data is read: unknown fields (a `__proto__` key too) and inherited ones are refused.
   * @example const copy = MLP.fromJSON(JSON.stringify(net));
   * @throws TypeError / RangeError, e.g. `chainrule.MLP.fromJSON: layers[1].neurons[3].w must be an array of length 16, received an array of length 15.`
   */
  static fromJSON(json: unknown): MLP {
    const saved = decodeMLP(json);
    return fromCheckedLayers(saved.layers.map((l) => new Layer(l.neurons.map((n) => new Neuron(n.w.map((x) => new Value(x)), new Value(n.b), l.activation)))));
  }

  /** The width of each layer, last one = outputs. */
  get nouts(): number[] {
    return this.layers.map((l) => l.nout);
  }

  /**
   * The outputs a^(L) for input x. Numbers become constant nodes once, shared by the whole first
   * layer; pass Values to get ∂C/∂x too.
   * @example const [a0, a1] = net.forward([0.5, -1]);
   * @throws TypeError / RangeError if x is not an array of {@link nin} Values or finite numbers
   */
  forward(x: readonly (Value | number)[]): Value[] {
    if (!Array.isArray(x)) throw typeError('MLP.forward', 'x', 'an array of Value or number', x);
    if (x.length !== this.nin) throw rangeError('MLP.forward', 'x', `an array of length ${this.nin}`, x);
    let a = new Array<Value>(x.length);
    for (let k = 0; k < x.length; k++) {
      const v = x[k];
      if (v instanceof Value) a[k] = v;
      else if (typeof v === 'number' && Number.isFinite(v)) a[k] = constant(v);
      else throw (typeof v === 'number' ? rangeError : typeError)('MLP.forward', `x[${k}]`, 'a Value or a finite number', v);
    }
    for (const layer of this.layers) a = layer.forward(a);
    return a;
  }

  /** Every weight and bias, layer by layer, neuron by neuron (w then b): the order toJSON keeps too. */
  parameters(): Value[] {
    const ps: Value[] = [];
    for (const layer of this.layers) for (const n of layer.neurons) ps.push(...n.w, n.b);
    return ps;
  }

  /** Sets every parameter's grad to 0 (grads accumulate across backward calls). */
  zeroGrad(): void {
    for (const layer of this.layers) {
      for (const n of layer.neurons) {
        for (const w of n.w) w.grad = 0;
        n.b.grad = 0;
      }
    }
  }

  /**
   * True when {@link forward} computes exactly what the layers' weights and activations describe,
   * the function toJSON saves (and chainrule/onnx exports as one Gemm per layer); false when a
   * subclass of MLP, Layer or Neuron changes what forward computes. It builds both graphs over
   * placeholder inputs and compares them node by node.
   * @example new MLP(2, [3, 1]).forwardMatchesLayers() // true
   */
  forwardMatchesLayers(): boolean {
    return forwardMatchesLayers(this.nin, this.layers, (x) => this.forward(x));
  }

  /**
   * The network as plain JSON data (format version 1); `MLP.fromJSON` loads it back bit-identically.
   * Activations are saved by name, so a model with a user-op activation loads where that op is defined.
   * @example const text = JSON.stringify(net); // calls toJSON
   * @throws RangeError naming the first NaN/±Infinity parameter, e.g. `layers[0].neurons[2].w[1]`; RangeError
   * when forward does not compute what the layers describe (see {@link forwardMatchesLayers}): the file would load as another function
   */
  toJSON(): MLPJSON {
    if (!this.forwardMatchesLayers()) {
      const hint = "Pass your op as the activation instead of overriding forward (any unary op by name: { activation: 'myOp' }), or export what forward computes with toOnnx or toSource.";
      throw rangeError('MLP.toJSON', "the network's forward", 'the function its layers compute (what MLP.fromJSON rebuilds)', this, hint);
    }
    return encodeMLP(this.nin, this.layers);
  }
}

/**
 * An MLP of layers whose widths chain, without the random initialisation. It lives outside the
 * class body on purpose: a class that names itself inside its body is emitted by the bundler as
 * `class _MLP`, and error messages would show that name (test/package-peers.test.ts checks).
 */
function fromCheckedLayers(layers: readonly Layer[]): MLP {
  const net = Object.create(MLP.prototype) as { nin: number; layers: Layer[] };
  net.nin = layers[0].nin;
  net.layers = layers.slice();
  return net as MLP;
}
