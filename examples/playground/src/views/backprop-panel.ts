import { TEXTBOOK_DERIVATIVE } from '../activations.js';
import type { BackpropView } from '../backprop.js';
import { isNotesShaped, type NetSpec } from '../network.js';
import { agreement, renderTex, texLine } from './chain-panel.js';
import { short } from './format.js';

/** Time per line of the step-through animation. */
const STEP_MS = 450;
/** Vectors longer than this print their first entries and "…". */
const SHOWN_ENTRIES = 16;

/** One line of the layered chain rule: a formula, the engine's numbers for it, and which pass it belongs to. */
export interface BackpropLine {
  readonly phase: 'forward' | 'backward';
  readonly tex: string;
  /** The numbers, as plain text (a vector when the formula holds for several neurons). */
  readonly numbers: string;
}

/**
 * The notes' backpropagation for one parameter, line by line: the forward pass through every
 * neuron on a path from the parameter to the cost, then ∂C0/∂a^(L) = 2(a − y), the sums over each
 * layer going back, σ′ in the notes' form, and ∂C0/∂w_jk = a_k σ′(z_j) ∂C0/∂a_j. The numbers are
 * the view's (the engine's); the last line's is backward's gradient.
 */
export function backpropLines(spec: NetSpec, v: BackpropView): BackpropLine[] {
  const n = notation(spec);
  const C = spec.output === 'c0' ? 'C_0' : 'C';
  const d = (of: string) => `\\frac{\\partial ${C}}{\\partial ${of}}`;
  const { l, j, k } = v.place;
  const own = v.layers[0];
  const top = v.layers[v.layers.length - 1];
  const L = top.layer;
  const lines: BackpropLine[] = [];
  const fwd = (tex: string, numbers: string) => lines.push({ phase: 'forward', tex, numbers });
  const back = (tex: string, numbers: string) => lines.push({ phase: 'backward', tex, numbers });
  fwd(`${n.z(l, j)} = ${n.single ? `${n.w(l, 0, 0)}\\,${n.a(l - 1, 0)}` : `\\sum_k ${n.w(l, j, 'k')}\\,${n.a(l - 1, 'k')}`} + ${n.b(l, j)}`, short(own.z[0]));
  fwd(`${n.a(l, j)} = ${n.sigma(l)}(${n.z(l, j)})`, short(own.a[0]));
  for (const layer of v.layers.slice(1)) {
    const m = layer.layer;
    fwd(`${n.z(m, 'j')} = ${n.single ? `${n.w(m, 0, 0)}\\,${n.a(m - 1, 0)}` : `\\sum_k ${n.w(m, 'j', 'k')}\\,${n.a(m - 1, 'k')}`} + ${n.b(m, 'j')}`, vector(layer.z));
    fwd(`${n.a(m, 'j')} = ${n.sigma(m)}(${n.z(m, 'j')})`, vector(layer.a));
  }
  const y = n.single ? 'y' : 'y_j';
  const cost = spec.output === 'c0'
    ? (n.single ? `C_0 = (${n.a(L, 0)} - y)^2` : `C_0 = \\sum_j (${n.a(L, 'j')} - y_j)^2`)
    : spec.output === 'bce' ? `C = -\\left[y \\ln ${n.a(L, 0)} + (1 - y) \\ln\\left(1 - ${n.a(L, 0)}\\right)\\right]` : `C = -\\ln \\operatorname{softmax}(z^{(${L + 1})})_y`;
  fwd(cost, `${short(v.cost)}  (y = ${vector(v.target)})`);
  const c0 = spec.output === 'c0';
  // The cross-entropy costs are written from z^(L) (finite where σ saturates): their chain enters at ∂C/∂z.
  if (c0) back(`${d(n.a(L, 'j'))} = 2(${n.a(L, 'j')} - ${y})`, vector(top.dCda));
  else back(`${d(n.z(L, 'j'))} = \\text{(through the cost, see the paths above)}`, vector(top.dCdz));
  for (let i = v.sums.length - 1; i >= 0; i--) {
    const lower = v.layers[i];
    const upper = v.layers[i + 1];
    const m = upper.layer;
    const kk = lower.neurons.length === 1 ? lower.neurons[0] : 'k';
    const sum = n.single
      ? `${n.w(m, 0, 0)}\\,\\sigma'(${n.z(m, 0)})\\,${d(n.a(m, 0))}`
      : `\\underbrace{\\sum_j ${n.w(m, 'j', kk)}\\,\\sigma'(${n.z(m, 'j')})\\,${d(n.a(m, 'j'))}}_{\\text{sum over layer } ${m + 1}}`;
    const terms = v.sums[i];
    const numbers = terms.length === 1 && terms[0].terms.length <= 3
      ? `${terms[0].terms.map((t, q) => `${factor(t.w)} × ${factor(upper.sigmaPrime[q])} × ${factor(upper.dCda[q])}`).join(' + ')} = ${short(terms[0].total)}`
      : vector(terms.map((t) => t.total));
    back(`${d(n.a(lower.layer, kk))} = ${sum}`, numbers);
  }
  const param = k < 0 ? n.b(l, j) : n.w(l, j, k);
  const first = k < 0 ? `\\frac{\\partial ${n.z(l, j)}}{\\partial ${param}}` : n.a(l - 1, k);
  if (!c0 && l === L) {
    back(`${d(param)} = ${first}\\,${d(n.z(l, j))}`, `${factor(v.input)} × ${factor(own.dCdz[0])} = ${short(v.gradient)}`);
    return lines;
  }
  const textbook = TEXTBOOK_DERIVATIVE[spec.activations[l]];
  back(`\\sigma'(${n.z(l, j)}) = ${textbook ? textbook(n.z(l, j)) : `${n.sigma(l)}'(${n.z(l, j)})`}`, short(own.sigmaPrime[0]));
  back(`${d(param)} = ${first}\\,\\sigma'(${n.z(l, j)})\\,${d(n.a(l, j))}`, `${factor(v.input)} × ${factor(own.sigmaPrime[0])} × ${factor(own.dCda[0])} = ${short(v.gradient)}`);
  return lines;
}

/**
 * The layered chain rule, all at once (the digits panel): every line, then the product of the
 * last line's three numbers beside backward's gradient (`chain-product`, `engine-gradient`).
 */
export function renderBackprop(host: HTMLElement, spec: NetSpec, v: BackpropView, title: string, example: string): void {
  const lines = backpropLines(spec, v);
  host.innerHTML = `
    <h3>${title}</h3>
    <p class="muted">${example}</p>
    <ol class="bp-lines">${lines.map((line) => lineHtml(line)).join('')}</ol>
    ${agreement("the notes' product a·σ′·∂C/∂a", notesProduct(spec, v), v.gradient)}`;
  renderTex(host);
}

/**
 * Step-through mode: the lines of {@link backpropLines} appear one by one, forward pass first,
 * then backward from the cost to the parameter; when the last appears, its gradient is written
 * in `data-testid="step-gradient"` as a plain number. Returns a function that stops the animation.
 */
export function stepThrough(host: HTMLElement, spec: NetSpec, v: BackpropView, onDone: () => void): () => void {
  const lines = backpropLines(spec, v);
  let shown = 0;
  const list = document.createElement('ol');
  list.className = 'bp-lines steps-list';
  host.innerHTML = '';
  host.append(list);
  const next = () => {
    const item = document.createElement('li');
    item.innerHTML = lineHtml(lines[shown], true);
    list.append(item);
    renderTex(item);
    shown++;
    if (shown === lines.length) {
      const end = document.createElement('p');
      end.innerHTML = `Step-through result: <span class="mono" data-testid="step-gradient">${v.gradient}</span> (backward's ∂C/∂θ)`;
      host.append(end);
      clearInterval(timer);
      onDone();
    }
  };
  next();
  const timer = setInterval(next, STEP_MS);
  return () => clearInterval(timer);
}

/** The last line's product: a_k σ′(z_j) ∂C/∂a_j (a_k ∂C/∂z_j for a cross-entropy output layer). */
export function notesProduct(spec: NetSpec, v: BackpropView): number {
  const own = v.layers[0];
  const last = own.layer === v.layers[v.layers.length - 1].layer;
  return spec.output !== 'c0' && last ? v.input * own.dCdz[0] : v.input * own.sigmaPrime[0] * own.dCda[0];
}

function lineHtml(line: BackpropLine, bare = false): string {
  const body = `<span class="phase ${line.phase}">${line.phase}</span>${texLine(line.tex)}<div class="bp-numbers">= ${line.numbers}</div>`;
  return bare ? body : `<li>${body}</li>`;
}

/** The notes' symbols for a network: no subscripts in the one-neuron-per-layer network. */
function notation(spec: NetSpec) {
  const single = isNotesShaped(spec);
  const sub = (...ix: (number | string)[]) => {
    if (single) return '';
    const parts = ix.map((i) => (typeof i === 'number' ? String(i + 1) : i));
    return `_{${parts.join(parts.some((p) => p.length > 1) ? ',' : '')}}`;
  };
  const sup = (m: number) => `^{(${m + 1})}`;
  return {
    single,
    z: (m: number, j: number | string) => `z${sup(m)}${sub(j)}`,
    a: (m: number, j: number | string) => `a${sup(m)}${sub(j)}`,
    w: (m: number, j: number | string, k: number | string) => `w${sup(m)}${sub(j, k)}`,
    b: (m: number, j: number | string) => `b${sup(m)}${sub(j)}`,
    sigma: (m: number) => (spec.activations[m] === 'sigmoid' ? '\\sigma' : spec.activations[m] === 'linear' ? '\\operatorname{id}' : `\\operatorname{${spec.activations[m]}}`),
  };
}

function vector(xs: readonly number[]): string {
  if (xs.length === 1) return short(xs[0]);
  const shown = xs.slice(0, SHOWN_ENTRIES).map(short).join(', ');
  return `[${shown}${xs.length > SHOWN_ENTRIES ? ', …' : ''}]`;
}

function factor(x: number): string {
  return x < 0 ? `(${short(x)})` : short(x);
}
