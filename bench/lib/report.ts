/** One figure of the benchmark table. */
export interface Row {
  section: string;
  system: string;
  metric: string;
  value: number;
  unit: string;
  /** A ratio against a named reference, e.g. "0.8× hand-written". */
  ratio?: string;
  note?: string;
}

/** value / reference as "1.23× <name>". */
export function ratio(value: number, reference: number, name: string): string {
  return `${fmt(value / reference)}× ${name}`;
}

/** A number with 3 significant digits (integers above 1000 in full). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toString();
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** The rows as one aligned text table. */
export function table(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.section, r.system, r.metric, `${fmt(r.value)} ${r.unit}`, r.ratio ?? '', r.note ?? '']);
  const head = ['section', 'system', 'metric', 'value', 'ratio', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
