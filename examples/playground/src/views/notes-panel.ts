import type { NotesView } from '../chain.js';
import { renderTex } from './chain-panel.js';
import { texFactor, texNum } from './format.js';

const FORMULAS = {
  dw: ['\\frac{\\partial C_0}{\\partial w^{(L)}}', 'a^{(L-1)}\\,\\sigma\'(z^{(L)})\\,2(a^{(L)} - y)'],
  db: ['\\frac{\\partial C_0}{\\partial b^{(L)}}', '\\sigma\'(z^{(L)})\\,2(a^{(L)} - y)'],
  da: ['\\frac{\\partial C_0}{\\partial a^{(L-1)}}', 'w^{(L)}\\,\\sigma\'(z^{(L)})\\,2(a^{(L)} - y)'],
} as const;

/**
 * The notes' panel: a^(L−1), z^(L), a^(L), y, C0 and the three formulas with the current numbers
 * (plain-number readouts `notes-dw`, `notes-db`, `notes-da` for tests). The factor 2(a − y) is
 * shown with a and y, and its value is backward's ∂C0/∂a^(L).
 */
export function renderNotes(host: HTMLElement, v: NotesView, example: string): void {
  const factors = (first: string) => `${first}${texFactor(v.sigmaPrime)} \\cdot \\underbrace{2(${texNum(v.a)} - ${texNum(v.y)})}_{${texNum(v.dCda)}}`;
  const rows = [
    ['dw', factors(`${texFactor(v.aPrev)} \\cdot `), v.dw],
    ['db', factors(''), v.db],
    ['da', factors(`${texFactor(v.w)} \\cdot `), v.da],
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
        <div class="tex tex-line" data-tex="\\displaystyle ${FORMULAS[key][0]} = ${FORMULAS[key][1]} = ${numbers} = ${texNum(value)}"></div>
        <div class="muted">= <span data-testid="notes-${key}">${value}</span></div>
      </div>`).join('')}`;
  renderTex(host);
}
