// What each entry costs a user's bundle: esbuild bundle + minify (tree-shaken, as every modern
// bundler does with "sideEffects": false), then gzip. Run after `npm run build`; exits non-zero
// when the autodiff engine exceeds its budget: 12.5 kB since the table holds 44 ops with their text,
// LaTeX and ONNX forms and their facts (the JavaScript forms live beside toSource), and Value's
// toString prints as written, naming shared subexpressions by their text only where the plain tree
// would be far larger (issue 21: print/shared.ts grew by 1.7 kB minified; with the erf derivative's own op the engine went from 11.16 to 12.02 kB min+gzip). Issue 2's target was 10 kB with 15 ops; see the guide.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

interface Entry {
  name: string;
  /** The module a user writes: an import of the built package. */
  contents: string;
  budget?: number;
}

const ENGINE = ['Value', 'constant', 'sum', 'dot', 'zeroGrad', 'grad', 'valueAndGrad', 'setDebug', 'topologicalOrder', 'countNodes'];
const ENTRIES: Entry[] = [
  {
    name: 'chainrule: autodiff engine',
    contents: `export { ${ENGINE.join(', ')} } from './dist/index.js';`,
    budget: 12.5 * 1024,
  },
  { name: 'chainrule: whole entry (+ symbolic, compile)', contents: `export * from './dist/index.js';` },
  { name: 'chainrule/nn (with the core it uses)', contents: `export * from './dist/nn/index.js';` },
  { name: 'chainrule/testing', contents: `export * from './dist/testing/index.js';` },
];

let overBudget = false;
console.log(`${'import'.padEnd(46)}     min   min+gzip   budget`);
for (const entry of ENTRIES) {
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['fast-check'],
    write: false,
  });
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const budget = entry.budget === undefined ? '' : `${(entry.budget / 1024).toFixed(1)} kB`;
  if (entry.budget !== undefined && gzipped > entry.budget) overBudget = true;
  console.log(`${entry.name.padEnd(46)} ${(code.length / 1024).toFixed(1).padStart(5)} kB ${(gzipped / 1024).toFixed(2).padStart(7)} kB   ${budget}`);
}
if (overBudget) {
  console.error('The autodiff engine is over its size budget.');
  process.exit(1);
}
