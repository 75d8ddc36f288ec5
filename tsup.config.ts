import { defineConfig } from 'tsup';

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
});
