import katex from 'katex';
import type { GradcheckResult } from '../../../../src/testing/gradcheck.js';
import type { ChainReport } from '../chain.js';
import type { ParamUpdate } from '../trainer.js';
import { short, texFactor, texNum } from './format.js';

/** At most this many paths are written out; all of them are summed. */
const SHOWN_PATHS = 4;

const d = (of: string, wrt: string) => `\\frac{\\partial ${of}}{\\partial ${wrt}}`;

/**
 * Fills the chain-rule panel: ∂C/∂θ as the product of its local derivatives along every path
 * (symbols, formulas, numbers; a negative factor in parentheses), the number of paths
 * (`chain-paths`), the sum of the products (`chain-product`) and the engine's gradient
 * (`engine-gradient`), both as plain numbers. Lines wrap on narrow screens.
 */
export function renderChain(host: HTMLElement, r: ChainReport, example: string): void {
  const paths = r.paths.slice(0, SHOWN_PATHS).map((p, i) => {
    const head = r.pathCount > 1 ? `<p class="path-head">path ${i + 1}</p>` : '';
    if (p.factors.length === 0) return `${head}${texLine(`${d(r.cost, r.param)} = 1`)}`;
    return `${head}
      ${texLine(`${d(r.cost, r.param)} = ${p.factors.map((f) => d(f.of, f.wrt)).join(' \\cdot ')}`)}
      ${texLine(`= ${p.factors.map((f) => `\\left(${f.local}\\right)`).join(' \\cdot ')}`)}
      ${texLine(`= ${p.factors.map((f) => texFactor(f.value)).join(' \\cdot ')} = ${texNum(p.product)}`)}`;
  });
  host.innerHTML = `
    <h3>The chain rule for <span class="tex" data-tex="${attr(d(r.cost, r.param))}"></span></h3>
    <p class="muted">${example}; <span data-testid="chain-paths">${r.pathCount}</span> path${r.pathCount === 1 ? '' : 's'} from the parameter to the cost.</p>
    ${paths.map((t) => `<div class="path">${t}</div>`).join('')}
    ${r.pathCount > SHOWN_PATHS ? `<p class="muted">… and ${r.pathCount - SHOWN_PATHS} more paths, summed below.</p>` : ''}
    ${agreement(r.enumerated ? 'Σ over paths of the products' : `Σ over all ${r.pathCount} paths (explain's symbolic total)`, r.product, r.engine)}`;
  renderTex(host);
}

/** The table under a chain: the chain's own number, backward's gradient, and whether they agree (1e-9). */
export function agreement(label: string, product: number, engine: number): string {
  const rel = Math.abs(product - engine) / Math.max(Math.abs(engine), 1e-300);
  const match = product === engine || rel < 1e-9;
  return `<table class="numbers">
      <tr><th scope="row">${label}</th><td data-testid="chain-product">${product}</td></tr>
      <tr><th scope="row">engine gradient (backward)</th><td data-testid="engine-gradient">${engine}</td></tr>
      <tr><th scope="row">agreement</th><td data-testid="chain-match" class="${match ? 'ok' : 'bad'}">${match ? '✓ equal' : '✗'} (relative difference ${rel.toExponential(1)})</td></tr>
    </table>`;
}

/**
 * The watched parameter's last training step: the notes' w ← w − α·(1/B)Σ_k ∂C_k/∂w for SGD with
 * the step's own numbers (the new value is the optimizer's), or before → after for momentum and Adam.
 */
export function renderUpdate(host: HTMLElement, u: ParamUpdate | null, name: string): void {
  if (u === null) {
    host.innerHTML = '<span class="muted">Train a step (Step, or Play) to see this parameter\'s update.</span>';
    return;
  }
  const g = `\\frac{1}{${u.batch}}\\sum_k \\frac{\\partial C_k}{\\partial ${name}}`;
  const tex = u.optimizer === 'sgd'
    ? `${name} \\leftarrow ${name} - \\alpha \\, ${g} = ${texNum(u.before)} - ${texNum(u.lr)} \\cdot ${texFactor(u.grad)} = ${texNum(u.after)}`
    : `${name}: ${texNum(u.before)} \\to ${texNum(u.after)} \\quad (${u.optimizer === 'adam' ? '\\text{Adam}' : '\\text{momentum } 0.9'},\\; ${g} = ${texNum(u.grad)})`;
  host.innerHTML = `<span class="label">Last update (batch of ${u.batch}):</span> ${texLine(tex)}<span class="sr-only">new value ${short(u.after)}</span>`;
  renderTex(host);
}

/** Shows a finite-difference check's result under the panel. */
export function renderCheck(host: HTMLElement, result: GradcheckResult): void {
  host.innerHTML = `finite differences: <b>${result.numeric[0]}</b>, backward: <b>${result.analytic[0]}</b>,
    relative error ${result.maxRelError.toExponential(2)} <span class="${result.ok ? 'ok' : 'bad'}">${result.ok ? '✓ agree' : '✗ disagree'}</span>`;
}

/** One formula line: KaTeX in inline mode with display sizes, so a long chain wraps at its operators. */
export function texLine(tex: string): string {
  return `<div class="tex tex-line" data-tex="${attr(`\\displaystyle ${tex}`)}"></div>`;
}

/** Renders every `.tex` element's `data-tex` with KaTeX. */
export function renderTex(root: HTMLElement): void {
  root.querySelectorAll<HTMLElement>('.tex').forEach((el) => {
    katex.render(el.dataset.tex ?? '', el, { throwOnError: false, displayMode: el.dataset.display === '1' });
  });
}

/** Text for an HTML attribute. */
export function attr(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
