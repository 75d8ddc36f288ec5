import { join } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

// The optional peers (protobufjs for chainrule/onnx, fast-check for chainrule/testing) are loaded
// by one small module each, so a missing peer fails with what to install. ESM loads them with a
// top-level await; CommonJS has none, so its build resolves each loader to its .cjs.ts twin.
// (tsup runs esbuild in ESM format for the CommonJS build too when splitting, then converts it:
// the format is marked in `define` by esbuildOptions below.)
const FORMAT = '__CHAINRULE_FORMAT__';
const cjsPeerLoaders: Plugin = {
  name: 'cjs-peer-loaders',
  setup(build) {
    if (build.initialOptions.define?.[FORMAT] !== '"cjs"') return;
    build.onResolve({ filter: /^\.\/load-(protobuf|fast-check)\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\.js$/, '.cjs.ts')) }));
  },
};

export default defineConfig({
  entry: { index: 'src/index.ts', 'nn/index': 'src/nn/index.ts', 'testing/index': 'src/testing/index.ts', 'gradcheck/index': 'src/testing/gradcheck.ts', 'onnx/index': 'src/export/onnx/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  splitting: true,
  treeshake: true,
  external: ['fast-check', 'protobufjs'],
  esbuildPlugins: [cjsPeerLoaders],
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, [FORMAT]: JSON.stringify(format) };
  },
});
