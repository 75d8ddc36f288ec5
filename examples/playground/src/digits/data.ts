import type { NetSpec } from '../network.js';

/** The notes' digits network: 784 pixels in, 16 and 16 sigmoid neurons, 10 sigmoid outputs, C0. */
export const DIGITS_SPEC: NetSpec = { nin: 784, widths: [16, 16, 10], activations: ['sigmoid', 'sigmoid', 'sigmoid'], output: 'c0', classes: 10, regression: false };

/** A set of 28×28 digits: pixel bytes (0 = paper, 255 = ink), image after image, and their classes. */
export interface DigitSet {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** Pixels per digit (28 × 28), the notes' input layer. */
export const PIXELS = 784;
/** The bundled file's name next to index.html (written by the build, served by the dev server). */
export const DIGITS_FILE = 'assets/mnist-digits.bin.gz';
const MAGIC = 0x4d4e5354; // "MNST"
const HEADER = 12;

/**
 * The bundle's byte layout: "MNST", the training count, the test count (little-endian u32 each),
 * then every label (one byte), then every image (784 bytes); training digits first.
 * @example encodeDigits(train, test).length // 12 + (n_train + n_test) · 785
 */
export function encodeDigits(train: DigitSet, test: DigitSet): Uint8Array {
  const n = train.labels.length + test.labels.length;
  const out = new Uint8Array(HEADER + n * (PIXELS + 1));
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, train.labels.length, true);
  view.setUint32(8, test.labels.length, true);
  out.set(train.labels, HEADER);
  out.set(test.labels, HEADER + train.labels.length);
  out.set(train.images, HEADER + n);
  out.set(test.images, HEADER + n + train.images.length);
  return out;
}

/**
 * Reads {@link encodeDigits}' layout.
 * @throws Error when the bytes are not a digits bundle
 */
export function decodeDigits(bytes: Uint8Array): { train: DigitSet; test: DigitSet } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER || view.getUint32(0, true) !== MAGIC) throw new Error('digits: the bundled file is not a digits bundle (bad header).');
  const nTrain = view.getUint32(4, true);
  const nTest = view.getUint32(8, true);
  const n = nTrain + nTest;
  if (bytes.length !== HEADER + n * (PIXELS + 1)) throw new Error(`digits: expected ${HEADER + n * (PIXELS + 1)} bytes, received ${bytes.length}.`);
  const labels = bytes.subarray(HEADER, HEADER + n);
  const images = bytes.subarray(HEADER + n);
  return {
    train: { labels: labels.subarray(0, nTrain), images: images.subarray(0, nTrain * PIXELS) },
    test: { labels: labels.subarray(nTrain), images: images.subarray(nTrain * PIXELS) },
  };
}

/** Digit i's pixels as the network's input: 784 numbers in [0, 1]. */
export function digitPixels(set: DigitSet, i: number): Float64Array {
  const x = new Float64Array(PIXELS);
  const at = i * PIXELS;
  for (let p = 0; p < PIXELS; p++) x[p] = set.images[at + p] / 255;
  return x;
}

/** Every digit of a set as a training example: its pixels in [0, 1] and its class. */
export function digitExamples(set: DigitSet): { x: Float64Array; label: number }[] {
  return Array.from(set.labels, (label, i) => ({ x: digitPixels(set, i), label }));
}

/**
 * Fetches and unpacks the bundled digits (gzip, undone by the browser's DecompressionStream).
 * @throws Error when the file is missing or damaged
 */
export async function loadDigits(url: URL): Promise<{ train: DigitSet; test: DigitSet }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`digits: could not load ${url.pathname} (HTTP ${res.status}).`);
  // The whole download first: a decompressor that ends at the gzip trailer must not cancel the request.
  const gz = await res.blob();
  const bytes = new Uint8Array(await new Response(gz.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  return decodeDigits(bytes);
}
