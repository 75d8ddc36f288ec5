import type { ChainReport, NotesView } from '../chain.js';
import { renderTex } from './chain-panel.js';
import { texNum } from './format.js';

/** Time per step of the step-through animation. */
const STEP_MS = 450;

const FORMULAS = {
  dw: ['\\frac{\\partial C_0}{\\partial w^{(L)}}', 'a^{(L-1)}\\,\\sigma\'(z^{(L)})\\,2(a^{(L)} - y)'],
  db: ['\\frac{\\partial C_0}{\\partial b^{(L)}}', '\\sigma\'(z^{(L)})\\,2(a^{(L)} - y)'],
  da: ['\\frac{\\partial C_0}{\\partial a^{(L-1)}}', 'w^{(L)}\\,\\sigma\'(z^{(L)})\\,2(a^{(L)} - y)'],
} as const;

/**
 * The notes' panel: a^(L−1), z^(L), a^(L), y, C0 and the three formulas with the current numbers
 * (plain-number readouts `notes-dw`, `notes-db`, `notes-da` for tests).
 */
export function renderNotes(host: HTMLElement, v: NotesView, example: string): void {
  const factors = (first: string) => `${first}${texNum(v.sigmaPrime)} \\cdot 2(${texNum(v.a)} - ${texNum(v.y)})`;
  const rows = [
    ['dw', factors(`${texNum(v.aPrev)} \\cdot `), v.dw],
    ['db', factors(''), v.db],
    ['da', factors(`${texNum(v.w)} \\cdot `), v.da],
  ] as const;
  host.innerHTML = `
    <h3>The notes' network</h3>
    <p class="muted">${example}. One neuron per layer: <span class="tex" data-tex="z^{(L)} = w^{(L)} a^{(L-1)} + b^{(L)},\\; a^{(L)} = \\sigma(z^{(L)}),\\; C_0 = (a^{(L)} - y)^2"></span></p>
    <div class="readouts">
      ${[['a^{(L-1)}', 'notes-a-prev', v.aPrev], ['z^{(L)}', 'notes-z', v.z], ['a^{(L)}', 'notes-a', v.a], ['y', 'notes-y', v.y], ['C_0', 'notes-c0', v.c0]]
        .map(([tex, id, n]) => `<span><span class="tex" data-tex="${tex} ="></span> <span data-testid="${id}">${n}</span></span>`).join('')}
    </div>
    ${rows.map(([key, numbers, value]) => `
      <div class="formula">
        <div class="tex" data-display="1" data-tex="${FORMULAS[key][0]} = ${FORMULAS[key][1]} = ${numbers} = ${texNum(value)}"></div>
        <div class="muted">= <span data-testid="notes-${key}">${value}</span></div>
      </div>`).join('')}`;
  renderTex(host);
}

/**
 * Step-through mode: the chain w^(1) → z^(1) → a^(1) → … → C0 drawn as boxes; the forward pass
 * fills in each node's value, then the backward pass walks the edges from C0 down, writing each
 * edge's local derivative and each node's ∂C0/∂node. Returns a function that stops the animation.
 */
export function stepThrough(host: HTMLElement, r: ChainReport, onDone: () => void): () => void {
  const values = r.firstPathValues;
  const path = r.paths[0];
  const names = [path.factors[0]?.wrt ?? r.param, ...path.factors.map((f) => f.of)];
  // ∂C0/∂node_i: the product of the local derivatives above node i.
  const grads = names.map((_, i) => path.factors.slice(i).reduce((p, f) => p * f.value, 1));
  const n = names.length;
  const total = n + (n - 1);
  let t = 0;
  const draw = () => {
    const forwardDone = Math.min(t, n);
    const backwardDone = Math.max(0, t - n);
    host.innerHTML = `<div class="chain-steps">${names.map((name, i) => {
      const shown = i < forwardDone;
      const hasGrad = i === n - 1 ? backwardDone > 0 || t >= n : n - 1 - i <= backwardDone;
      const edge = i < n - 1 ? path.factors[i] : null;
      const edgeOn = edge !== null && n - 2 - i < backwardDone;
      return `<div class="step-node ${shown ? 'on' : ''} ${hasGrad ? 'grad' : ''}" data-testid="step-node">
          <span class="tex" data-tex="${name}"></span>
          <div>${shown ? `= ${Number(values[i].toPrecision(4))}` : '&nbsp;'}</div>
          <div class="g">${hasGrad ? `<span class="tex" data-tex="\\tfrac{\\partial ${r.cost}}{\\partial ${name}} = ${texNum(grads[i])}"></span>` : '&nbsp;'}</div>
        </div>${edge === null ? '' : `<div class="step-edge ${edgeOn ? 'on' : ''}">${edgeOn ? `<span class="tex" data-tex="\\tfrac{\\partial ${edge.of}}{\\partial ${edge.wrt}} = ${texNum(edge.value)}"></span>` : ''}<div class="arrow">→</div></div>`}`;
    }).join('')}</div>`;
    renderTex(host);
  };
  draw();
  const timer = setInterval(() => {
    t++;
    draw();
    if (t >= total) {
      clearInterval(timer);
      onDone();
    }
  }, STEP_MS);
  return () => clearInterval(timer);
}
