import { OP_LIST, Value, applyOp, constant, type OpSpec } from '../src/index.js';
import { readBlock, replaceBlock } from './marked-block.js';

/** The page that holds the op table (the "Values and ops" guide of the documentation site), from the repository root. */
export const OPS_PAGE = 'docs/guides/values-and-ops.md';

/**
 * The Ops table of OPS_PAGE (op, domain, derivative, convention), generated from the op table: the
 * usage and derivative columns are the entry's own nodes and symbolic rules printed by toText, so
 * the docs cannot state a rule the code does not apply.
 * @example opsTable().split('\n')[0] // '| op | domain | derivative | convention |'
 */
export function opsTable(ops: readonly OpSpec[] = OP_LIST): string {
  const rows = ops.map((spec) => {
    const { usage, partials } = spec.arity === 'n' ? naryForms(spec) : fixedForms(spec);
    return [`\`${usage}\``, domainText(spec, partials.map(([name]) => name)), partials.map(([name, d]) => `∂/∂${name} = \`${d}\``).join('; '), spec.convention ?? ''];
  });
  const lines = [['op', 'domain', 'derivative', 'convention'], ['---', '---', '---', '---'], ...rows];
  return lines.map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}

/** The page's text with the part between the markers replaced by the table (markers must be present once). */
export function withOpsTable(page: string, table: string = opsTable()): string {
  return replaceBlock(page, 'ops', table, OPS_PAGE);
}

/** The table text currently between the markers. */
export function currentOpsTable(page: string): string {
  return readBlock(page, 'ops');
}

/** Unary and binary ops: the node over leaves x (and y), and its symbolic partials. */
function fixedForms(spec: OpSpec): { usage: string; partials: [string, string][] } {
  const leaves = ['x', 'y'].slice(0, spec.arity as number).map((name) => new Value(0.5, name));
  const node = applyOp(spec.name, leaves);
  const b = leaves[1] ?? leaves[0];
  return { usage: node.toString(), partials: leaves.map((leaf, i) => [leaf.label, spec.symbolic(i, leaves[0], b, node, constant).toString()]) };
}

/** n-ary ops: two terms for the usage; the partials of term k. */
function naryForms(spec: OpSpec): { usage: string; partials: [string, string][] } {
  const lists = ['x', 'y'].slice(0, spec.group);
  const usage = applyOp(spec.name, lists.flatMap((l) => [1, 2].map((k) => new Value(0.5, `${l}${k}`)))).toString().replace(/2([\])])/g, '2, …$1');
  const terms = lists.map((l) => new Value(0.5, `${l}_k`));
  const node = applyOp(spec.name, terms);
  return { usage, partials: terms.map((t, i) => [t.label, spec.symbolic(i, terms[0], terms[1] ?? terms[0], node, constant).toString()]) };
}

function domainText(spec: OpSpec, names: readonly string[]): string {
  const parts = names.flatMap((name, i) => {
    const d = spec.domain.inputs[Math.min(i, spec.domain.inputs.length - 1)];
    if (d === 'real') return [];
    if (d === 'positive') return [`${name} > 0`];
    if (d.max === Infinity) return [`${name} > ${d.min}`];
    return [`${d.min} < ${name} < ${d.max}`];
  });
  return parts.length === 0 ? 'all reals' : parts.join(', ');
}
