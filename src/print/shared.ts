import { rangeError, typeError } from '../errors.js';
import { topologicalOrderAbove } from '../graph.js';
import type { Value } from '../value.js';

/** How a printer treats a subgraph used more than once; see {@link TextOptions.shared}. */
export type SharedMode = 'auto' | 'inline' | 'let';

/**
 * 'auto' writes a graph out inline while that costs at most this many terms, or at most
 * AUTO_TERMS_PER_NODE terms per node (a long chain with little sharing); beyond, it names.
 */
const AUTO_INLINE_TERMS = 1000;
const AUTO_TERMS_PER_NODE = 4;
/** No inline text of more terms fits in a JavaScript string (V8 holds about 2^29 characters). */
const MAX_INLINE_TERMS = 2 ** 29;
const MODES: readonly SharedMode[] = ['auto', 'inline', 'let'];
/** Name prefixes, tried in order until one clashes with no label of the printed expression. */
const PREFIXES = ['t', 'u', 'v', 'w', 's', 'r', 'q', 'p'];

/** What a printer (text, LaTeX) supplies to {@link printShared}. */
export interface SharedPrinter<P> {
  /** One node printed from its inputs' printed forms, which `printed` holds. */
  node(node: Value, printed: ReadonlyMap<Value, P>): P;
  /** A use of the subexpression called `name`: it prints like an atom. */
  ref(name: string): P;
  text(p: P): string;
  /** The index-th name with `prefix`: t1, or t_{1} in LaTeX. */
  name(prefix: string, index: number): string;
  /** The output from the bindings [name, text] (in dependency order) and the root's text. */
  assemble(bindings: readonly (readonly [string, string])[], body: string): string;
}

/**
 * @internal Prints root's graph down to its atoms (leaves, or labelled nodes with stopAtLabels),
 * either inline (a shared subgraph written out at every use, as sympy and math.js print) or with
 * let-style names for the shared subexpressions (t1 = …; as sympy's cse() factors them out):
 * every non-atom node used twice or more gets a name, bound before its first use. 'auto' chooses
 * inline unless that would multiply the output (see AUTO_INLINE_TERMS). Linear in the nodes printed.
 *
 * @throws TypeError or RangeError if `shared` is not a mode; RangeError for 'inline' when the
 *   written-out text cannot fit in a string
 */
export function printShared<P>(where: string, root: Value, atom: (v: Value) => boolean, shared: unknown, printer: SharedPrinter<P>): string {
  const mode = sharedMode(where, shared);
  // `pending` holds each node's number of uses until the next walk; printing does not walk.
  const order = topologicalOrderAbove(root, atom)!;
  if (mode !== 'let') {
    const terms = termsWrittenOut(order, atom);
    const inline = mode === 'inline' || terms <= AUTO_INLINE_TERMS || terms <= AUTO_TERMS_PER_NODE * order.length;
    if (inline) {
      const tooLong = () => rangeError(where, 'options.shared', "'let' or 'auto' for this graph", 'inline', `Written out inline, its ${order.length} nodes make ${terms} terms, more than a string can hold; 'let' names the shared subexpressions (t1 = …; …).`);
      if (terms > MAX_INLINE_TERMS) throw tooLong();
      try {
        return printInline(order, printer);
      } catch (e) {
        // The engine's own "Invalid string length": labels made the text too long for a string.
        if (e instanceof RangeError && !e.message.startsWith('chainrule.')) throw tooLong();
        throw e;
      }
    }
  }
  const prefix = freePrefix(order, atom);
  const printed = new Map<Value, P>();
  const bindings: [string, string][] = [];
  for (const node of order) {
    const p = printer.node(node, printed);
    if (!atom(node) && node.pending >= 2) {
      const name = printer.name(prefix, bindings.length + 1);
      bindings.push([name, printer.text(p)]);
      printed.set(node, printer.ref(name));
    } else {
      printed.set(node, p);
    }
  }
  return printer.assemble(bindings, printer.text(printed.get(root)!));
}

/**
 * @internal root printed inline if that takes at most `maxTerms` terms, else null; looks at no
 * more than maxTerms nodes, so it costs O(maxTerms) however large the graph below root is.
 */
export function printIfShort<P>(root: Value, atom: (v: Value) => boolean, maxTerms: number, printer: SharedPrinter<P>): string | null {
  const order = topologicalOrderAbove(root, atom, maxTerms);
  if (order === null || termsWrittenOut(order, atom) > maxTerms) return null;
  return printInline(order, printer);
}

function sharedMode(where: string, shared: unknown): SharedMode {
  if (shared === undefined) return 'auto';
  const expected = `one of ${MODES.map((m) => `'${m}'`).join(', ')}`;
  if (typeof shared !== 'string') throw typeError(where, 'options.shared', expected, shared);
  if (!(MODES as readonly string[]).includes(shared)) throw rangeError(where, 'options.shared', expected, shared);
  return shared as SharedMode;
}

function printInline<P>(order: readonly Value[], printer: SharedPrinter<P>): string {
  const printed = new Map<Value, P>();
  for (const node of order) printed.set(node, printer.node(node, printed));
  return printer.text(printed.get(order[order.length - 1])!);
}

/**
 * The number of atoms and ops in the expression with every shared subgraph copied (a float), for
 * an order just returned by topologicalOrderAbove (so `pending` counts uses).
 */
function termsWrittenOut(order: readonly Value[], atom: (v: Value) => boolean): number {
  let shared = false;
  for (let i = 0; i < order.length && !shared; i++) shared = order[i].pending > 1;
  if (!shared) return order.length; // a tree: each node is written once
  const terms = new Map<Value, number>();
  for (const node of order) {
    let n = 1;
    if (!atom(node)) for (const input of node.inputs) n += terms.get(input)!;
    terms.set(node, n);
  }
  return terms.get(order[order.length - 1])!;
}

/** The first prefix that no atom's label starts with (followed by a digit or _), so names never clash. */
function freePrefix(order: readonly Value[], atom: (v: Value) => boolean): string {
  const labels: string[] = [];
  for (const node of order) if (atom(node) && node.label !== '') labels.push(node.label);
  const clashes = (p: string) => labels.some((l) => l.startsWith(p) && /^[\d_]/.test(l.slice(p.length)));
  for (const p of PREFIXES) if (!clashes(p)) return p;
  let p = 'tmp';
  while (clashes(p)) p += '_';
  return p;
}
