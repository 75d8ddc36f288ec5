import katex from 'katex';
import type { GradcheckResult } from '../../../../src/testing/gradcheck.js';
import type { ChainReport } from '../chain.js';
import { texNum } from './format.js';

/** At most this many paths are written out; all of them are summed. */
const SHOWN_PATHS = 4;

const d = (of: string, wrt: string) => `\\frac{\\partial ${of}}{\\partial ${wrt}}`;

/**
 * Fills the chain-rule panel: ∂C/∂θ as the product of its local derivatives along every path
 * (symbols, formulas, numbers), the sum of the products (`data-testid="chain-product"`), and the
 * engine's gradient (`data-testid="engine-gradient"`), both as plain numbers.
 */
export function renderChain(host: HTMLElement, r: ChainReport, example: string): void {
  const rel = Math.abs(r.product - r.engine) / Math.max(Math.abs(r.engine), 1e-300);
  const match = r.product === r.engine || rel < 1e-9;
  const paths = r.paths.slice(0, SHOWN_PATHS).map((p, i) => {
    if (p.factors.length === 0) return `${d(r.cost, r.param)} = 1`;
    const symbols = p.factors.map((f) => d(f.of, f.wrt)).join(' \\cdot ');
    const locals = p.factors.map((f) => `\\left(${f.local}\\right)`).join(' \\cdot ');
    const numbers = p.factors.map((f) => texNum(f.value)).join(' \\cdot ');
    const head = r.pathCount > 1 ? `\\text{path ${i + 1}: }` : '';
    return `${head}${symbols} \\\\ = ${locals} \\\\ = ${numbers} = ${texNum(p.product)}`;
  });
  host.innerHTML = `
    <h3>The chain rule for <span class="tex" data-tex="${attr(d(r.cost, r.param))}"></span></h3>
    <p class="muted">${example}; ${r.pathCount} path${r.pathCount === 1 ? '' : 's'} from the parameter to the cost.</p>
    ${paths.map((t) => `<div class="tex path" data-display="1" data-tex="${attr(`\\begin{aligned}&${t.replaceAll('\\\\ =', '\\\\ &=')}\\end{aligned}`)}"></div>`).join('')}
    ${r.pathCount > SHOWN_PATHS ? `<p class="muted">… and ${r.pathCount - SHOWN_PATHS} more paths, summed below.</p>` : ''}
    <table class="numbers">
      <tr><th>${r.enumerated ? 'Σ over paths of the products' : `Σ over all ${r.pathCount} paths (explain's symbolic total)`}</th><td data-testid="chain-product">${r.product}</td></tr>
      <tr><th>engine gradient (backward)</th><td data-testid="engine-gradient">${r.engine}</td></tr>
      <tr><th>agreement</th><td data-testid="chain-match" class="${match ? 'ok' : 'bad'}">${match ? '✓ equal' : '✗'} (relative difference ${rel.toExponential(1)})</td></tr>
    </table>`;
  renderTex(host);
}

/** Shows a finite-difference check's result under the panel. */
export function renderCheck(host: HTMLElement, result: GradcheckResult): void {
  host.innerHTML = `finite differences: <b>${result.numeric[0]}</b>, backward: <b>${result.analytic[0]}</b>,
    relative error ${result.maxRelError.toExponential(2)} <span class="${result.ok ? 'ok' : 'bad'}">${result.ok ? '✓ agree' : '✗ disagree'}</span>`;
}

/** Renders every `.tex` element's `data-tex` with KaTeX. */
export function renderTex(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('.tex').forEach((el) => {
    katex.render(el.dataset.tex ?? '', el, { throwOnError: false, displayMode: el.dataset.display === '1' });
  });
}

function attr(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
