import { checkActivation, type Activation } from './activation.js';
import { checkInteger, checkNumber, checkNumbers, rangeError, typeError } from '../errors.js';
import { describe } from '../../errors/messages.js';
import { checkParameterCount } from './size.js';
import { ownFields } from '../train/options.js';
import type { Layer } from './layer.js';

/**
 * The saved form of one neuron: its weights w_k and bias b.
 * @category Neural nets
 */
export interface NeuronJSON {
  /** The weights w_k, one per input. */
  w: number[];
  /** The bias. */
  b: number;
}

/**
 * The saved form of one layer.
 * @category Neural nets
 */
export interface LayerJSON {
  /** The layer's σ, by name: 'linear' or a unary op (a user op must be defined before loading). */
  activation: Activation;
  /** One entry per neuron, in order. */
  neurons: NeuronJSON[];
}

/**
 * A saved MLP (format version 1): plain JSON data, so `JSON.stringify` writes it and
 * `MLP.fromJSON` reads it back. Numbers round-trip exactly through JSON text except −0, which
 * JSON.stringify writes as 0 (an equal number).
 * @category Neural nets
 */
export interface MLPJSON {
  /** Marks the file as a chainrule network. */
  format: 'chainrule.mlp';
  /** The format version. */
  version: 1;
  /** The input width. */
  nin: number;
  /** The layers, input side first. */
  layers: LayerJSON[];
}

const WHERE = 'MLP.fromJSON';

const ROOT_FIELDS = ['format', 'version', 'nin', 'layers'] as const;
const LAYER_FIELDS = ['activation', 'neurons'] as const;
const NEURON_FIELDS = ['w', 'b'] as const;

/**
 * The saved form of a network given by its input width and layers.
 * @category Neural nets
 * @throws RangeError naming the first NaN/±Infinity weight or bias (JSON would write it as null, a file that cannot load)
 */
export function encodeMLP(nin: number, layers: readonly Layer[]): MLPJSON {
  return {
    format: 'chainrule.mlp',
    version: 1,
    nin,
    layers: layers.map((layer, l) => ({
      activation: layer.activation,
      neurons: layer.neurons.map((n, j) => ({
        w: n.w.map((v, k) => finite(v.data, `layers[${l}].neurons[${j}].w[${k}]`)),
        b: finite(n.b.data, `layers[${l}].neurons[${j}].b`),
      })),
    })),
  };
}

function finite(x: number, what: string): number {
  if (!Number.isFinite(x)) throw rangeError('MLP.toJSON', what, 'a finite number', x, 'A saved model must load back: train with a lower learning rate, or reset the weight.');
  return x;
}

/**
 * Checks every field of untrusted saved data (or its JSON text) and returns it typed. Nothing is
 * built before the whole input has been checked, so a bad file never yields a half-loaded model.
 * @category Neural nets
 * @throws TypeError / RangeError naming the first wrong field, e.g. `layers[1].neurons[3].w`
 */
export function decodeMLP(json: unknown): MLPJSON {
  const data = typeof json === 'string' ? parse(json) : json;
  const root = record(data, 'the saved model', '', ROOT_FIELDS);
  if (root.format !== 'chainrule.mlp') throw rangeError(WHERE, 'format', '"chainrule.mlp"', root.format, 'Is this a file saved by MLP.toJSON()?');
  if (root.version !== 1) throw rangeError(WHERE, 'version', '1 (the only format version this chainrule reads)', root.version);
  const nin = checkInteger(WHERE, 'nin', root.nin, 1);
  if (!Array.isArray(root.layers)) throw typeError(WHERE, 'layers', 'an array', root.layers);
  if (root.layers.length === 0) throw rangeError(WHERE, 'layers', 'a non-empty array', root.layers);
  // Two passes: the layers' shapes first, so the size is known (and capped as new MLP caps it)
  // before any neuron is read or any row copied; then every neuron.
  // Array.from, not map: map would skip a hole (a hole reads as undefined and is named).
  const shapes = Array.from(root.layers as unknown[], (l, i) => {
    const at = `layers[${i}]`;
    const layer = record(l, at, at, LAYER_FIELDS);
    const activation = checkActivation(WHERE, `${at}.activation`, layer.activation, (name) => `Define the op (defineOp({ name: ${describe(name)}, … })) before loading a model that uses it.`);
    if (!Array.isArray(layer.neurons)) throw typeError(WHERE, `${at}.neurons`, 'an array', layer.neurons);
    if (layer.neurons.length === 0) throw rangeError(WHERE, `${at}.neurons`, 'a non-empty array', layer.neurons);
    return { at, activation, neurons: layer.neurons as unknown[] };
  });
  checkParameterCount(WHERE, 'layers', nin, shapes.map((shape) => shape.neurons.length));
  let width = nin;
  const layers: LayerJSON[] = shapes.map(({ at, activation, neurons: saved }) => {
    const nin = width;
    const neurons = Array.from(saved, (n, j) => {
      const neuron = record(n, `${at}.neurons[${j}]`, `${at}.neurons[${j}]`, NEURON_FIELDS);
      const w = checkNumbers(WHERE, `${at}.neurons[${j}].w`, neuron.w, nin);
      const b = checkNumber(WHERE, `${at}.neurons[${j}].b`, neuron.b);
      return { w: w.slice(), b };
    });
    width = neurons.length;
    return { activation, neurons };
  });
  return { format: 'chainrule.mlp', version: 1, nin, layers };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw rangeError(WHERE, 'json', 'valid JSON text', text, `JSON.parse failed: ${(e as Error).message}`);
  }
}

/**
 * The own fields of a saved object, after checking it is plain data (an object straight from
 * JSON.parse or a literal) with no field but `known`: inherited fields are never read.
 */
function record<K extends string>(x: unknown, what: string, path: string, known: readonly K[]): { readonly [P in K]?: unknown } {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw typeError(WHERE, what, 'an object', x);
  const proto = Object.getPrototypeOf(x) as unknown;
  if (proto !== Object.prototype && proto !== null) throw typeError(WHERE, what, 'plain JSON data (an object with no prototype but Object.prototype)', x);
  return ownFields(WHERE, path, x as Record<string, unknown>, known, 'field');
}

