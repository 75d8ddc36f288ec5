import { ACTIVATION_NAMES, type ActivationName } from './activations.js';
import type { App } from './app.js';
import { DOMAIN, GENERATORS, parseCsv } from './data.js';
import { $, inp, sel } from './dom.js';
import { FEATURES } from './features.js';
import { modelJSON } from './network.js';
import { DEFAULT_STATE, DIGITS, DIGITS_PRESET, MAX_LAYERS, MAX_NEURONS, NOTES_PRESET, SPEEDS, isRegression, layerActivations, type PlaygroundState } from './state.js';
import { drawPoints, drawSnapshot } from './render.js';
import { chooseExample } from './panels.js';

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

/** Wires every control of the header, the data column and the network column to the app. */
export function bindControls(app: App): void {
  for (const lr of LEARNING_RATES) sel('lr').append(new Option(String(lr), String(lr)));
  for (const r of REG_RATES) sel('regRate').append(new Option(String(r), String(r)));
  for (const [id, g] of Object.entries(GENERATORS)) sel('dataset').append(new Option(g.label, id));
  sel('dataset').append(new Option("Digits (784-16-16-10)", DIGITS));
  sel('dataset').append(new Option('Your CSV', 'csv'));
  for (const v of SPEEDS) sel('speed-select').append(new Option(v === 0 ? 'fastest' : `${v} step${v === 1 ? '' : 's'}/s`, String(v)));
  sel('speed-select').addEventListener('change', () => app.tune({ speed: Number(sel('speed-select').value) }));
  inp('discretize').addEventListener('change', () => {
    app.tune({ discretize: inp('discretize').checked });
    drawSnapshot(app);
  });
  let resize: ReturnType<typeof setTimeout> | null = null;
  window.addEventListener('resize', () => {
    if (resize !== null) clearTimeout(resize);
    resize = setTimeout(() => {
      app.buildView();
      drawPoints(app);
    }, 150);
  });
  $('play').addEventListener('click', () => app.setPlaying(true));
  $('pause').addEventListener('click', () => app.setPlaying(false));
  $('step').addEventListener('click', () => {
    if (app.playing) app.setPlaying(false);
    app.send({ type: 'step' });
  });
  $('reset').addEventListener('click', () => app.rebuild());
  $('regenerate').addEventListener('click', () => {
    app.added = [];
    app.update({ seed: app.state.seed + 1 });
  });
  sel('lr').addEventListener('change', () => app.tune({ lr: Number(sel('lr').value) }));
  sel('optimizer').addEventListener('change', () => app.tune({ optimizer: sel('optimizer').value as PlaygroundState['optimizer'] }));
  sel('reg').addEventListener('change', () => app.tune({ reg: sel('reg').value as PlaygroundState['reg'] }));
  sel('regRate').addEventListener('change', () => app.tune({ regRate: Number(sel('regRate').value) }));
  inp('batch').addEventListener('input', () => {
    $('batch-out').textContent = inp('batch').value;
    app.tune({ batch: Number(inp('batch').value) });
  });
  sel('output').addEventListener('change', () => app.update({ output: sel('output').value as PlaygroundState['output'] }));
  sel('classes').addEventListener('change', () => app.update({ classes: Number(sel('classes').value) }));
  inp('ratio').addEventListener('change', () => app.update({ ratio: Number(inp('ratio').value) / 100 }));
  inp('noise').addEventListener('change', () => app.update({ noise: Number(inp('noise').value) / 100 }));
  sel('dataset').addEventListener('change', () => chooseDataset(app, sel('dataset').value));
  inp('show-test').addEventListener('change', () => drawPoints(app));
  window.addEventListener('example-changed', () => drawPoints(app));
  inp('csv').addEventListener('change', async () => {
    const file = inp('csv').files?.[0];
    if (file === undefined) return;
    try {
      app.csv = { name: file.name, data: parseCsv(await file.text()) };
      $('csv-error').textContent = '';
      app.added = [];
      app.update({ dataset: 'csv', classes: app.csv.data.classes });
    } catch (e) {
      $('csv-error').textContent = e instanceof Error ? e.message : String(e);
    }
  });
  $('points').addEventListener('click', (e) => {
    const box = $('points').getBoundingClientRect();
    const x1 = ((e.clientX - box.left) / box.width) * 2 * DOMAIN - DOMAIN;
    const x2 = DOMAIN - ((e.clientY - box.top) / box.height) * 2 * DOMAIN;
    const mode = sel('add-class').value;
    if (mode === 'pick') {
      // The nearest training point within a fingertip (14 px) becomes the panels' example.
      const perPixel = (2 * DOMAIN) / box.width;
      let best = -1;
      let bestD = (14 * perPixel) ** 2;
      app.data.train.forEach((p, k) => {
        const d = (p.x1 - x1) ** 2 + (p.x2 - x2) ** 2;
        if (d < bestD) [best, bestD] = [k, d];
      });
      if (best >= 0) chooseExample(app, best);
      return;
    }
    app.addPoint({ x1, x2, label: Number(mode) });
    updateCount(app);
  });
  $('add-layer').addEventListener('click', () => {
    const { layers, activations } = app.state;
    if (layers.length >= MAX_LAYERS) return;
    app.update({ layers: [...layers, 2], activations: [...activations.slice(0, layers.length), activations[layers.length - 1] ?? 'tanh', activations[layers.length]] });
  });
  $('remove-layer').addEventListener('click', () => {
    const { layers, activations } = app.state;
    app.update({ layers: layers.slice(0, -1), activations: [...activations.slice(0, Math.max(0, layers.length - 1)), activations[layers.length]] });
  });
  $('export').addEventListener('click', () => {
    if (app.spec === null || app.snapshot === null) return;
    const blob = new Blob([JSON.stringify(modelJSON(app.spec, app.snapshot.theta), null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'chainrule-playground-model.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
}

/** A data set was picked: the notes' preset and the digits bring their own network; leaving them restores the default one. */
function chooseDataset(app: App, dataset: string): void {
  const s = app.state;
  app.added = [];
  if (dataset === 'notes') app.update({ ...NOTES_PRESET, dataset });
  else if (dataset === DIGITS) app.update({ ...DIGITS_PRESET, dataset });
  else if (s.dataset === 'notes' || s.dataset === DIGITS) {
    const { features, layers, activations, output, lr, batch, classes } = DEFAULT_STATE;
    const regression = isRegression({ ...s, dataset });
    app.update({ dataset, features, layers, output, lr, batch, classes, activations: regression ? [...activations.slice(0, -1), 'linear'] : activations });
  } else {
    const regression = isRegression({ ...s, dataset });
    app.update({ dataset, activations: regression ? [...s.activations.slice(0, -1), 'linear'] : s.activations });
  }
}

/** Puts the state into every control, and rebuilds the feature toggles and the per-layer rows. */
export function syncControls(app: App, regression: boolean): void {
  const s = app.state;
  sel('dataset').value = s.dataset;
  sel('classes').value = String(s.classes);
  sel('classes').disabled = !(GENERATORS[s.dataset]?.multiclass ?? false);
  inp('ratio').value = String(Math.round(s.ratio * 100));
  $('ratio-out').textContent = `${Math.round(s.ratio * 100)}%`;
  inp('noise').value = String(Math.round(s.noise * 100));
  $('noise-out').textContent = String(Math.round(s.noise * 100));
  inp('batch').value = String(s.batch);
  $('batch-out').textContent = String(s.batch);
  selectValue(sel('lr'), String(s.lr));
  sel('optimizer').value = s.optimizer;
  sel('reg').value = s.reg;
  selectValue(sel('regRate'), String(s.regRate));
  sel('output').value = s.output;
  sel('speed-select').value = String(s.speed);
  inp('discretize').checked = s.discretize;
  for (const o of Array.from(sel('output').options)) o.disabled = (regression && o.value !== 'c0') || (o.value === 'bce' && s.classes > 2);
  const addClass = sel('add-class');
  addClass.innerHTML = '';
  addClass.append(new Option('chooses the example to explain', 'pick'));
  if (regression) for (const v of [1, 0.5, 0, -0.5, -1]) addClass.append(new Option(`adds a point, target ${v}`, String(v)));
  else for (let c = 0; c < app.data.set.classes; c++) addClass.append(new Option(`adds a point of class ${c}`, String(c)));
  updateCount(app);
  syncFeatures(app);
  syncLayers(app);
}

function syncFeatures(app: App): void {
  const host = $('features');
  host.innerHTML = '';
  for (const f of FEATURES) {
    const on = app.state.features.includes(f.id);
    const b = button(f.text, f.text, true, () => app.update({ features: on ? app.state.features.filter((id) => id !== f.id) : [...app.state.features, f.id] }));
    b.setAttribute('aria-pressed', String(on));
    host.append(b);
  }
}

function syncLayers(app: App): void {
  const s = app.state;
  $<HTMLButtonElement>('add-layer').disabled = s.layers.length >= MAX_LAYERS;
  $<HTMLButtonElement>('remove-layer').disabled = s.layers.length === 0;
  $('net-summary').textContent = `${s.layers.length} hidden layer${s.layers.length === 1 ? '' : 's'}`;
  const rows = $('layer-rows');
  rows.innerHTML = '';
  const acts = layerActivations(s);
  const setWidth = (l: number, n: number) => app.update({ layers: s.layers.map((w, m) => (m === l ? Math.max(1, Math.min(MAX_NEURONS, n)) : w)) });
  [...s.layers, null].forEach((width, l) => {
    const row = document.createElement('div');
    row.className = 'layer-row';
    const name = width === null ? 'Output' : `Layer ${l + 1}`;
    row.innerHTML = `<span class="name">${name}</span>`;
    if (width !== null) {
      const count = document.createElement('span');
      count.textContent = `${width} neuron${width === 1 ? '' : 's'}`;
      row.append(
        button('−', `Remove a neuron from layer ${l + 1}`, width > 1, () => setWidth(l, width - 1)),
        count,
        button('+', `Add a neuron to layer ${l + 1}`, width < MAX_NEURONS, () => setWidth(l, width + 1)),
      );
    }
    const act = document.createElement('select');
    act.setAttribute('aria-label', `Activation of ${name.toLowerCase()}`);
    for (const a of ACTIVATION_NAMES) act.append(new Option(a, a));
    act.value = acts[l];
    // bce fixes the output's σ to sigmoid and softmax to linear; C0 lets you choose.
    act.disabled = width === null && s.output !== 'c0';
    act.addEventListener('change', () => app.update({ activations: s.activations.map((a, m) => (m === l ? (act.value as ActivationName) : a)) }));
    row.append(act);
    rows.append(row);
  });
}

/** Shows the data-count readout. */
export function updateCount(app: App): void {
  if (app.isDigits) {
    const d = app.digits;
    $('data-count').textContent = d === null ? 'loading the digits…' : `${d.train.labels.length} training and ${d.test.labels.length} test digits`;
    return;
  }
  const { train, test } = app.data;
  const n = app.added.length;
  $('data-count').textContent = `${train.length} training and ${test.length} test points${n > 0 ? ` (${n} added by clicking)` : ''}`;
}

/** Selects `value`, adding it as an option when the list lacks it (a hash may carry any number). */
function selectValue(select: HTMLSelectElement, value: string): void {
  select.value = value;
  if (select.value !== value) select.append(new Option(value, value, true, true));
}

function button(text: string, label: string, enabled: boolean, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.disabled = !enabled;
  b.addEventListener('click', onClick);
  return b;
}
