// Writes the benchmark tables of the README and of the "Compile and performance" guide from the
// figures of the last whole `npm run bench` (out/bench.json): npm run readme:bench. Every number in
// them comes from that file; the prose around them is written by hand, after reading it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fmt, table, type Row } from '../bench/lib/report.js';
import { replaceBlock } from './marked-block.js';

interface BenchFile {
  machine: { date: string; cpu: string; cores: number; node: string; numpy: string | null; fma: boolean };
  rows: Row[];
  targets: { text: string; met: boolean }[];
}

const README = 'README.md';
const GUIDE = 'docs/guides/compile-and-performance.md';

/** The run's machine and date, one line. */
export function machineLine({ machine }: BenchFile): string {
  const when = machine.date.slice(0, 16).replace('T', ' ');
  return `\`npm run bench\`, ${when} UTC: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${machine.numpy ? `, numpy ${machine.numpy}` : ''}${machine.fma ? ', relaxed SIMD on' : ''}.`;
}

/** The README's summary: the three training workloads, chainrule's train() beside each peer. */
export function summary(bench: BenchFile): string {
  const value = (section: RegExp, system: string, metric: string) => bench.rows.find((r) => section.test(r.section) && r.system === system && r.metric === metric);
  const cell = (r: Row | undefined) => (r === undefined ? '—' : `${fmt(r.value)} ${r.unit}`);
  const systems = ['chainrule train()', 'chainrule train() f32', 'jax-js f32 (jit)', 'jax-js f64 (jit)', 'tfjs wasm', 'hand-written', 'numpy f64 (1 thread)'];
  const workloads: [string, RegExp, string][] = [
    ['W2 moons 2-16-16-1: one full-batch step (lower is better)', /^moons/, 'step'],
    ['W3 digits 784-16-16-10: the whole run', /^digits \d+ ep/, 'train'],
    ['W4 digits 784-128-64-10: the whole run', /^wide digits/, 'train'],
    ['W4: steady (after set-up and the first step)', /^wide digits/, 'steady'],
  ];
  const head = ['workload', ...systems.map((s) => (s === 'chainrule train()' ? 'chainrule train() float64' : s === 'chainrule train() f32' ? 'chainrule train() float32' : s))];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...workloads.map(([name, section, metric]) => `| ${name} | ${systems.map((s) => cell(value(section, s, metric))).join(' | ')} |`),
  ];
  return [`${machineLine(bench)} Ratios are taken within this one run (the machine is shared and noisy).`, '', ...lines].join('\n');
}

/** The guide's section: the whole table and the targets as the run printed them. */
export function fullTable(bench: BenchFile): string {
  const targets = bench.targets.map((t) => `- [${t.met ? 'met' : 'MISSED'}] ${t.text}`);
  return [machineLine(bench), '', table(bench.rows), '', 'Targets, as the run printed them:', '', ...targets].join('\n');
}

const bench = JSON.parse(readFileSync('out/bench.json', 'utf8')) as BenchFile;
writeFileSync(README, replaceBlock(readFileSync(README, 'utf8'), 'bench', summary(bench), README));
writeFileSync(GUIDE, replaceBlock(readFileSync(GUIDE, 'utf8'), 'bench', fullTable(bench), GUIDE));
console.log(`bench tables written to ${README} and ${GUIDE} from the run of ${bench.machine.date}`);
