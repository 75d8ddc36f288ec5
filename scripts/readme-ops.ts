// Regenerates the README's Ops table from the op table: npm run readme:ops.
import { readFileSync, writeFileSync } from 'node:fs';
import { withOpsTable } from './ops-table.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withOpsTable(readFileSync(path, 'utf8')));
