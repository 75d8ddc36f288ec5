// Regenerates the op table of the "Values and ops" guide (OPS_PAGE) from the op table: npm run readme:ops.
import { readFileSync, writeFileSync } from 'node:fs';
import { OPS_PAGE, withOpsTable } from './ops-table.js';

const path = new URL(`../${OPS_PAGE}`, import.meta.url);
writeFileSync(path, withOpsTable(readFileSync(path, 'utf8')));
