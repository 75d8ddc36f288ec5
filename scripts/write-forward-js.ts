// Regenerates src/export/forward-js.ts from the op entries' forwards: npm run ops:js.
import { writeFileSync } from 'node:fs';
import { GENERATED_FILE, forwardJsModule } from './forward-js.js';

writeFileSync(new URL(`../${GENERATED_FILE}`, import.meta.url), forwardJsModule());
