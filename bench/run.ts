import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchDag } from './dag.js';
import { benchDigits } from './digits.js';
import { benchTrain } from './train.js';
import { benchWideDigits } from './wide-digits.js';
import { benchMemory } from './memory.js';
import { benchMoons } from './moons.js';
import { benchSymbolic, symbolicTargets } from './symbolic.js';
import { fmt, table, type Row } from './lib/report.js';

// `npm run bench` (full: DAG 1e5 and 1e6, moons, digits 3 epochs on all 8000 training digits, wide
// digits 784-128-64-10 2 epochs) or
// `npm run bench -- --quick` (a smoke run on small sizes, under 30 s). One table; figures also in
// out/bench.json. Ratios are within this run, so they hold even when the machine is busy.
const quick = process.argv.includes('--quick');
const machine = {
  date: new Date().toISOString(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  node: process.version,
  mode: quick ? 'quick' : 'full',
};
console.log(`chainrule bench (${machine.mode}) — ${machine.date}, ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);

const rows: Row[] = [];
const section = async (name: string, make: () => Row[] | Promise<Row[]>) => {
  const t0 = Date.now();
  rows.push(...(await make()));
  console.error(`  ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
};
await section('scalar DAG', () => benchDag(quick ? [1e4, 1e5] : [1e5, 1e6], quick ? 3 : 7));
await section('moons', () => benchMoons(quick ? 10 : 100, quick ? 1 : 3));
await section('digits', () => benchDigits(quick ? { epochs: 1, runs: 1, trainN: 500, testN: 300, graphExamples: 100 } : { epochs: 3, runs: 3, graphExamples: 3000 }));
await section('train()', () => benchTrain(quick ? 1 : 3, quick ? 1 : 3, quick ? 500 : undefined));
await section('wide digits', () => benchWideDigits(quick ? { epochs: 1, runs: 1, trainN: 500, testN: 300 } : { epochs: 2, runs: 3 }));
await section('memory', () => benchMemory(3, quick ? 300 : undefined));
await section('symbolic', () => benchSymbolic(quick ? 3 : 10));

console.log(table(rows));
console.log('\nTargets (ratios from this run):');
const targets = checkTargets(rows);
for (const t of targets) console.log(`  [${t.met ? 'met   ' : 'MISSED'}] ${t.text}`);
mkdirSync('out', { recursive: true });
writeFileSync('out/bench.json', `${JSON.stringify({ machine, rows, targets }, null, 2)}\n`);
console.log('\nFigures written to out/bench.json');

function checkTargets(rs: Row[]): { text: string; met: boolean }[] {
  const get = (section: string, system: string, metric: string) => rs.find((r) => r.section.startsWith(section) && r.system === system && r.metric === metric)?.value ?? NaN;
  const out: { text: string; met: boolean }[] = [];
  const add = (text: string, met: boolean) => out.push({ text, met });
  const big = quick ? 'scalar DAG N=1e+5' : 'scalar DAG N=1e+6';
  const handBack = get(big, 'hand-written tape', 'backward');
  const graphBack = get(big, 'graph (Value)', 'backward');
  const bytes = get(big, 'graph (Value)', 'heap');
  add(`core: graph backward ≤ 30 ns/node at ${big.slice(11)}: ${fmt(graphBack)} ns/node`, graphBack <= 30);
  add(`core: graph ≤ 150 B/node at ${big.slice(11)}: ${fmt(bytes)} B/node`, bytes <= 150);
  const tapeBack = get(big, 'compiled tape', 'backward');
  add(`compiled DAG backward ≤ hand-written tape: ${fmt(tapeBack / handBack)}×`, tapeBack <= handBack);
  add(`graph DAG backward within 3× hand-written tape: ${fmt(graphBack / handBack)}×`, graphBack <= 3 * handBack);
  // Peers: the systems that are not chainrule's (tfjs cpu/wasm, jax-js f32/f64, hand-written).
  const ours = (system: string) => system.startsWith('chainrule') || system.startsWith('train()');
  const peers = (section: string, metric: string) => rs.filter((r) => r.section.startsWith(section) && r.metric === metric && !ours(r.system));
  const m = (s: string) => get('moons', s, 'step');
  const jsMoons = Math.min(...peers('moons', 'step').map((r) => r.value));
  const g = (s: string, metric = 'train') => get('digits', s, metric);
  const jsDigits = Math.max(...peers('digits', 'train').map((r) => r.value));
  for (const c of ['chainrule compiled', 'chainrule compiled, arrays']) {
    add(`moons (${c}) ≥ 5× faster than the best JS peer: ${fmt(jsMoons / m(c))}×`, jsMoons / m(c) >= 5);
    add(`moons (${c}) within 1.5× hand-written: ${fmt(m(c) / m('hand-written'))}×`, m(c) <= 1.5 * m('hand-written'));
    add(`digits (${c}) ≥ 2× the best JS peer: ${fmt(g(c) / jsDigits)}×`, g(c) >= 2 * jsDigits);
    const acc = g(c, 'test accuracy') - g('hand-written', 'test accuracy');
    add(`digits (${c}) same test accuracy ±1 point as hand-written: ${fmt(acc)} points`, Math.abs(acc) <= 1);
  }
  const viaTrain = rs.find((r) => r.section.startsWith('digits via train()') && r.system.includes('arrays'))?.value ?? NaN;
  add(`digits via train() (built-in SGD) ≥ 2× the best JS peer: ${fmt(viaTrain / jsDigits)}×`, viaTrain >= 2 * jsDigits);
  const w = (s: string, metric = 'train') => get('wide digits', s, metric);
  const jsWide = peers('wide digits', 'train').reduce((best, r) => (r.value > best.value ? r : best));
  add(`wide digits: train() ≥ 1.5× the best JS peer (${jsWide.system}): ${fmt(w('chainrule train()') / jsWide.value)}×`, w('chainrule train()') >= 1.5 * jsWide.value);
  const wacc = w('chainrule train()', 'test accuracy') - w('hand-written', 'test accuracy');
  add(`wide digits: same test accuracy ±1 point as hand-written: ${fmt(wacc)} points`, Math.abs(wacc) <= 1);
  const cc = w('chainrule compile()', 'compile');
  add(`compile ≤ 0.3 µs/node (the wide loss): ${fmt(cc)} µs/node`, cc <= 0.3);
  const lossOf = (s: string) => w(s, 'first batch loss');
  const worst = (filter: (name: string) => boolean) => Math.max(...rs.filter((r) => r.section.startsWith('wide digits') && r.metric === 'first batch loss' && filter(r.system)).map((r) => Math.abs(r.value - lossOf('hand-written')) / lossOf('hand-written')));
  const f64 = worst((n) => !n.includes('f32') && !n.startsWith('tfjs'));
  const f32 = worst((n) => n.includes('f32') || n.startsWith('tfjs'));
  add(`wide digits: first batch loss agrees, float64 systems within 1e-6 relative: ${f64.toExponential(1)}`, f64 <= 1e-6);
  add(`wide digits: first batch loss agrees, float32 systems within 1e-4 relative: ${f32.toExponential(1)}`, f32 <= 1e-4);
  const epochs = quick ? 1 : 3;
  const seconds = (epochs * (quick ? 500 : 8000)) / Math.max(g('chainrule compiled'), g('chainrule compiled, arrays'));
  add(`digits: ${epochs} epochs compiled under 10 s: ${fmt(seconds)} s${quick ? ' (quick subset)' : ''}`, seconds < 10);
  out.push(...symbolicTargets(rs));
  return out;
}
