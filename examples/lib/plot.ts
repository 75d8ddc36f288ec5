import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG file (vega-lite compiles it to Vega, a headless Vega view
 * draws it) and returns the path. Creates the folder when needed.
 */
export async function writeChart(path: string, spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  return path;
}
