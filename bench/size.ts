// Size of each entry as a user's bundler ships it: esbuild bundle + minify, then gzip.
// Run after `npm run build`; exits non-zero when the core exceeds its budget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const ENTRIES = [
  { name: 'chainrule', file: 'dist/index.js', budget: 10 * 1024 },
  { name: 'chainrule/nn', file: 'dist/nn/index.js' },
  { name: 'chainrule/testing', file: 'dist/testing/index.js' },
];

let overBudget = false;
console.log('entry               min      min+gzip   budget');
for (const entry of ENTRIES) {
  const result = await build({
    entryPoints: [entry.file],
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
  console.log(`${entry.name.padEnd(18)} ${(code.length / 1024).toFixed(1).padStart(6)} kB ${(gzipped / 1024).toFixed(2).padStart(8)} kB   ${budget}`);
}
if (overBudget) {
  console.error('The core is over its size budget.');
  process.exit(1);
}
