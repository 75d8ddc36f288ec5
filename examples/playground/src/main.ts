// The playground's entry: the app, its controls, canvases and panels, started from the URL hash.
import 'katex/dist/katex.min.css';
import { App } from './app.js';
import { bindControls, syncControls } from './controls.js';
import { bindPanelTools, drawPanels, resetPanels, selectParam } from './panels.js';
import { drawSnapshot } from './render.js';
import { fromHash, toHash } from './state.js';

const app = new App({
  sync: (a, regression) => syncControls(a, regression),
  draw: (a) => {
    drawSnapshot(a);
    drawPanels(a);
  },
  reset: () => resetPanels(),
  select: (a, index) => selectParam(a, index),
});
bindControls(app);
bindPanelTools(app);
app.state = fromHash(location.hash);
app.rebuild();

// A pasted or edited link: load its state.
window.addEventListener('hashchange', () => {
  if (location.hash === toHash(app.state)) return;
  app.state = fromHash(location.hash);
  app.rebuild();
});
