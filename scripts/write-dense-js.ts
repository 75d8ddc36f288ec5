// Regenerates the checked-in generated kernels: src/compile/dense/generated.ts (the emitter's dense
// kernels as JavaScript) and src/compile/node-generated.ts (the plain node kernels): npm run kernels:js.
import { writeFileSync } from 'node:fs';
import { GENERATED_FILE, denseJsModule } from './dense-js.js';
import { NODE_FILE, nodeJsModule } from './node-js.js';

writeFileSync(new URL(`../${GENERATED_FILE}`, import.meta.url), denseJsModule());
writeFileSync(new URL(`../${NODE_FILE}`, import.meta.url), nodeJsModule());
