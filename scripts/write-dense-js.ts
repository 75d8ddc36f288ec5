// Regenerates src/compile/dense/generated.ts from the emitter's dense kernels: npm run kernels:js.
import { writeFileSync } from 'node:fs';
import { GENERATED_FILE, denseJsModule } from './dense-js.js';

writeFileSync(new URL(`../${GENERATED_FILE}`, import.meta.url), denseJsModule());
