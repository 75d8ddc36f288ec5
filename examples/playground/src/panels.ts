import type { App } from './app.js';
import { backpropView } from './backprop.js';
import { chainReport, checkParam, exampleGraph, notesView, type ExampleInput } from './chain.js';
import { $, inp } from './dom.js';
import { isNotesShaped, paramIndex } from './network.js';
import { backpropLines, renderBackprop, stepThrough } from './views/backprop-panel.js';
import { renderChain, renderCheck, renderUpdate } from './views/chain-panel.js';
import { short } from './views/format.js';
import { renderNotes } from './views/notes-panel.js';

/** While playing, the panels are recomputed at most this often (explain is not free). */
const PANEL_MS = 500;
const HINT = '<p class="muted">Click any weight or bias in the network (or Tab to the weights and use the arrow keys) to see ∂C/∂w as the chain rule computes it.</p>';

let lastPanel = 0;
let stopSteps: (() => void) | null = null;

/** The example the panels explain, and how to describe it. */
interface CurrentExample {
  readonly example: ExampleInput;
  readonly text: string;
}

/** Redraws the chain-rule and notes panels from the latest snapshot (throttled while playing). */
export function drawPanels(app: App, force = false): void {
  const { spec, snapshot: s, state } = app;
  if (spec === null || s === null) return;
  const now = performance.now();
  if (!force && s.playing && now - lastPanel < PANEL_MS) return;
  lastPanel = now;
  const current = currentExample(app);
  if (current === null) return;
  const k = app.exampleIndex();
  if (document.activeElement !== inp('example') && k >= 0) inp('example').value = String(k);
  if (app.selected !== null) {
    const g = exampleGraph(spec, state.features, current.example, s.theta);
    const name = g.params[app.selected].label;
    if (app.isDigits) {
      renderBackprop($('chain-rule'), spec, backpropView(spec, g, app.selected), `The chain rule for <span class="tex" data-tex="\\frac{\\partial C_0}{\\partial ${name}}"></span>, as the notes write it`, current.text);
    } else {
      renderChain($('chain-rule'), chainReport(spec, g, app.selected), current.text);
    }
    renderUpdate($('param-update'), s.update?.index === app.selected ? s.update : null, name);
    const value = inp('param-value');
    if (document.activeElement !== value) value.value = String(s.theta[app.selected]);
  }
  const notes = isNotesShaped(spec);
  $('notes').hidden = !notes;
  if (notes) {
    const g = exampleGraph(spec, state.features, current.example, s.theta);
    renderNotes($('notes'), notesView(spec, g), current.text);
    // The example's input and target, for anyone (the e2e test) recomputing the formulas.
    $('notes').dataset.x = JSON.stringify(g.inputs.map((x) => x.data));
    $('notes').dataset.y = JSON.stringify(g.target);
  }
}

/** The network was rebuilt: back to the hint, animation stopped. */
export function resetPanels(): void {
  stopSteps?.();
  stopSteps = null;
  $<HTMLButtonElement>('step-through').disabled = false;
  $('steps').innerHTML = '';
  $('chain-rule').innerHTML = HINT;
  $('param-update').innerHTML = '';
}

/** A weight or bias was clicked: open its chain rule, follow its updates, and say so to screen readers. */
export function selectParam(app: App, index: number): void {
  if (app.snapshot === null || !(index >= 0 && index < app.snapshot.theta.length)) return;
  app.selected = index;
  app.send({ type: 'watch', index });
  $('check-result').innerHTML = '';
  stopSteps?.();
  $('steps').innerHTML = '';
  $<HTMLButtonElement>('step-through').disabled = false;
  if (app.snapshot !== null) {
    app.view?.update(app.snapshot.theta, index, app.pinned);
    drawPanels(app, true);
    const engine = document.querySelector('[data-testid=engine-gradient]')?.textContent;
    announce(`Selected ${plainName($('chain-rule'))}${engine ? `: engine gradient ${short(Number(engine))}` : ''}.`);
  }
}

/** Says `text` once in the page's polite live region (used on pause and on selection only). */
export function announce(text: string): void {
  $('announce').textContent = text;
}

/** The panels' own controls: example, edit value, Check, Step through. */
export function bindPanelTools(app: App): void {
  $('set-param').addEventListener('click', () => {
    const v = Number(inp('param-value').value);
    if (app.selected !== null && Number.isFinite(v)) app.send({ type: 'setParam', index: app.selected, value: v });
  });
  inp('example').addEventListener('change', () => chooseExample(app, Math.floor(Number(inp('example').value))));
  $('worst-example').addEventListener('click', () => chooseExample(app, null));
  $('check').addEventListener('click', () => {
    const current = currentExample(app);
    const { spec, snapshot, selected } = app;
    if (spec === null || snapshot === null || selected === null || current === null) return;
    renderCheck($('check-result'), checkParam(spec, app.state.features, current.example, snapshot.theta, selected));
  });
  $('step-through').addEventListener('click', () => {
    const current = currentExample(app);
    const { spec, snapshot } = app;
    if (spec === null || snapshot === null || current === null) return;
    if (app.selected === null) selectParam(app, paramIndex(spec, spec.widths.length - 1, 0, 0));
    if (app.playing) app.setPlaying(false);
    stopSteps?.();
    const btn = $<HTMLButtonElement>('step-through');
    btn.disabled = true;
    // The latest parameters, the selected one, the example the panel shows.
    const view = backpropView(spec, exampleGraph(spec, app.state.features, current.example, app.snapshot!.theta), app.selected!);
    $('steps').setAttribute('aria-label', `Step-through: ${backpropLines(spec, view).length} lines, forward then backward`);
    stopSteps = stepThrough($('steps'), spec, view, () => (btn.disabled = false));
  });
}

/** A training example was chosen (its index), or null for the highest-cost one. */
export function chooseExample(app: App, k: number | null): void {
  const n = app.data.train.length;
  app.chosenExample = k === null || !Number.isFinite(k) ? null : Math.max(0, Math.min(n - 1, k));
  window.dispatchEvent(new CustomEvent('example-changed'));
  drawPanels(app, true);
}

function currentExample(app: App): CurrentExample | null {
  if (app.isDigits) {
    const d = app.digit;
    return d === null ? null : { example: d, text: `The digit on the canvas, target y = the one-hot vector of ${d.label}` };
  }
  const k = app.exampleIndex();
  const p = app.data.train[k];
  if (p === undefined) return null;
  const why = app.chosenExample === null ? 'the training example with the highest cost' : 'the example you chose';
  return { example: p, text: `Training example ${k} (${why}): (x₁, x₂) = (${p.x1.toFixed(3)}, ${p.x2.toFixed(3)}), label ${Number(p.label.toFixed(3))}` };
}

function plainName(panel: HTMLElement): string {
  return panel.querySelector('h3 annotation')?.textContent?.replace(/\\displaystyle\s*/, '') ?? 'parameter';
}
