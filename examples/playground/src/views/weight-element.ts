/** The SVG namespace every drawing of a network uses. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The focusable group of one weight line: w^(layer)_{j,k} by its 1-based layer and neuron numbers,
 * tagged with its index in the parameter array (the click, keyboard and test hooks read it).
 */
export function weightGroup(index: number, layer: number, j: number, k: number): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.dataset.testid = 'weight';
  g.dataset.index = String(index);
  g.setAttribute('role', 'button');
  g.setAttribute('aria-label', `weight w(${layer}) ${j + 1},${k + 1}`);
  return g;
}
