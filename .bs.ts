import { benchSymbolic, symbolicTargets } from './bench/symbolic.js';
const rows = benchSymbolic(10);
for (const r of rows) console.log([r.section, r.system, r.metric, r.value, r.unit, r.ratio ?? '', r.note ?? ''].join(' | '));
for (const t of symbolicTargets(rows)) console.log(t);
