// The playground's entry: the app, its controls, canvases and panels, started from the URL hash.
import 'katex/dist/katex.min.css';
import { App } from './app.js';
import { bindControls, syncControls } from './controls.js';
import { bindDigits, drawDigits, resetDigits } from './digits/view.js';
import { announce, bindPanelTools, drawPanels, resetPanels, selectParam } from './panels.js';
import { drawSnapshot } from './render.js';
import { fromHash, toHash } from './state.js';
import { fixed } from './views/format.js';

const app = new App({
  sync: (a, regression) => syncControls(a, regression),
  draw: (a) => {
    drawSnapshot(a);
    drawDigits(a);
    drawPanels(a);
  },
  reset: (a) => {
    resetPanels();
    resetDigits(a.isDigits);
  },
  select: (a, index) => selectParam(a, index),
  paused: (a) => {
    const s = a.snapshot;
    if (s !== null) announce(`Paused at epoch ${fixed(s.epoch, 2)}: train loss ${fixed(s.trainLoss)}, test loss ${fixed(s.testLoss)}.`);
  },
});
// The frame counters, for the e2e test's frame-rate measurement.
(window as unknown as { playgroundStats: App['stats'] }).playgroundStats = app.stats;
bindControls(app);
bindPanelTools(app);
bindDigits(app, (index) => {
  selectParam(app, index);
  // The selection marks (a pixel of a weight image, a line, a neuron) show at once, not at the next snapshot.
  drawDigits(app);
});
window.addEventListener('example-changed', () => drawPanels(app, true));
app.state = fromHash(location.hash);
app.rebuild();

// A pasted or edited link: load its state.
window.addEventListener('hashchange', () => {
  if (location.hash === toHash(app.state)) return;
  app.state = fromHash(location.hash);
  app.rebuild();
});
