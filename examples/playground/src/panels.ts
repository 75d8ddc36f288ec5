import type { App } from './app.js';
import { chainReport, checkParam, exampleGraph, notesView } from './chain.js';
import type { Point } from './data.js';
import { $, inp } from './dom.js';
import { isNotesShaped } from './network.js';
import { renderChain, renderCheck } from './views/chain-panel.js';
import { renderNotes, stepThrough } from './views/notes-panel.js';

/** While playing, the panels are recomputed at most this often (explain is not free). */
const PANEL_MS = 500;
const HINT = '<p class="muted">Click any weight or bias in the network to see ∂C/∂w as the chain rule computes it.</p>';

let lastPanel = 0;
let stopSteps: (() => void) | null = null;

/** Redraws the chain-rule and notes panels from the latest snapshot (throttled while playing). */
export function drawPanels(app: App, force = false): void {
  const { spec, snapshot: s, state } = app;
  if (spec === null || s === null) return;
  const now = performance.now();
  if (!force && s.playing && now - lastPanel < PANEL_MS) return;
  lastPanel = now;
  const point = examplePoint(app);
  if (point === null) return;
  if (app.selected !== null) {
    renderChain($('chain-rule'), chainReport(exampleGraph(spec, state.features, point, s.theta), app.selected), exampleText(app, point));
    const value = inp('param-value');
    if (document.activeElement !== value) value.value = String(s.theta[app.selected]);
  }
  const notes = isNotesShaped(spec);
  $('notes').hidden = !notes;
  $('notes-tools').hidden = !notes;
  if (notes) {
    const g = exampleGraph(spec, state.features, point, s.theta);
    renderNotes($('notes'), notesView(spec, g), exampleText(app, point));
    // The example's input and target, for anyone (the e2e test) recomputing the formulas.
    $('notes').dataset.x = JSON.stringify(g.inputs.map((x) => x.data));
    $('notes').dataset.y = JSON.stringify(g.target);
  }
}

/** The network was rebuilt: back to the hint, animation stopped. */
export function resetPanels(): void {
  stopSteps?.();
  $<HTMLButtonElement>('step-through').disabled = false;
  $('steps').innerHTML = '';
  $('chain-rule').innerHTML = HINT;
  $('chain-tools').hidden = true;
}

/** A weight or bias was clicked: open its chain rule. */
export function selectParam(app: App, index: number): void {
  app.selected = index;
  $('chain-tools').hidden = false;
  $('check-result').innerHTML = '';
  if (app.snapshot !== null) {
    app.view?.update(app.snapshot.theta, index);
    drawPanels(app, true);
  }
}

/** The panels' own controls: example, edit value, Check, Step through. */
export function bindPanelTools(app: App): void {
  $('set-param').addEventListener('click', () => {
    const v = Number(inp('param-value').value);
    if (app.selected !== null && Number.isFinite(v)) app.send({ type: 'setParam', index: app.selected, value: v });
  });
  inp('example').addEventListener('change', () => drawPanels(app, true));
  $('check').addEventListener('click', () => {
    const point = examplePoint(app);
    const { spec, snapshot, selected } = app;
    if (spec === null || snapshot === null || selected === null || point === null) return;
    renderCheck($('check-result'), checkParam(spec, app.state.features, point, snapshot.theta, selected));
  });
  $('step-through').addEventListener('click', () => {
    const point = examplePoint(app);
    const { spec, snapshot } = app;
    if (spec === null || snapshot === null || point === null) return;
    if (app.playing) app.setPlaying(false);
    stopSteps?.();
    const btn = $<HTMLButtonElement>('step-through');
    btn.disabled = true;
    const report = chainReport(exampleGraph(spec, app.state.features, point, snapshot.theta), 0);
    stopSteps = stepThrough($('steps'), report, () => (btn.disabled = false));
  });
}

function examplePoint(app: App): Point | null {
  const train = app.data.train;
  const k = Math.max(0, Math.min(train.length - 1, Math.floor(Number(inp('example').value) || 0)));
  return train[k] ?? null;
}

function exampleText(app: App, p: Point): string {
  const k = app.data.train.indexOf(p);
  return `Training example ${k}: (x₁, x₂) = (${p.x1.toFixed(3)}, ${p.x2.toFixed(3)}), label ${Number(p.label.toFixed(3))}`;
}
