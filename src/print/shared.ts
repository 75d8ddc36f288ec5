import { rangeError, typeError } from '../errors/messages.js';
import { topologicalOrderAbove } from '../engine/graph.js';
import type { Value } from '../engine/value.js';

/**
 * How a printer treats a subexpression written more than once; see {@link TextOptions.shared}.
 * @category Printing
 */
export type SharedMode = 'auto' | 'inline' | 'let';

/** No inline text of more terms fits in a JavaScript string (V8 holds about 2^29 characters). */
const MAX_INLINE_TERMS = 2 ** 29;
const MODES: readonly SharedMode[] = ['auto', 'inline', 'let'];
/** Name prefixes, tried in order until one clashes with no label or op name of the printed expression. */
const PREFIXES = ['t', 'u', 'v', 'w', 's', 'r', 'q', 'p'];
/** 'auto' prints inline unless the inline text is longer than this many times the named one … */
const AUTO_RATIO = 4;
/** … and longer than this many characters. */
const AUTO_MIN_LENGTH = 200;

/** What a printer (text, LaTeX) supplies to {@link printShared}. */
export interface SharedPrinter<P> {
  /** One node printed from its inputs' printed forms (`input(i)` for node.inputs[i]; atoms have none). */
  node(node: Value, input: (i: number) => P): P;
  /** A use of the subexpression called `name`: it prints like an atom. */
  ref(name: string): P;
  text(p: P): string;
  /** The index-th name with `prefix`: t1, or t_{1} in LaTeX. */
  name(prefix: string, index: number): string;
  /** The characters one binding adds besides its name and text (its separators). */
  readonly bindingCost: number;
  /** The output from the bindings [name, text] (in dependency order) and the root's text. */
  assemble(bindings: readonly (readonly [string, string])[], body: string): string;
}

/**
 * The printed expression as a DAG of texts: nodes whose texts are equal (the same op over inputs
 * of equal texts, or atoms that print alike) are one class, whether or not they are one node. So
 * everything below depends on the function as written, not on which equal subexpressions happen
 * to share a node: `(a + b) * (a + b)` prints the same from one a + b node or from two.
 */
interface TextDag {
  /** One node per class (its first in the topological order), classes in topological order. */
  readonly nodes: readonly Value[];
  /** Per class: true for an atom (a leaf, or a labelled node with stopAtLabels). */
  readonly atoms: readonly boolean[];
  /** Class c's inputs are the classes inputClasses[inputStart[c] … inputStart[c + 1] − 1]. */
  readonly inputStart: readonly number[];
  readonly inputClasses: readonly number[];
  /** Per class: how many times the class is written where every other class is written once. */
  readonly uses: readonly number[];
}

/**
 * @internal Prints root's graph down to its atoms (leaves, or labelled nodes with stopAtLabels),
 * either inline (every subexpression written out at each use, as sympy and math.js print) or with
 * let-style names for subexpressions written more than once (as sympy's cse() factors them out),
 * each bound before its first use. Subexpressions are told apart by their text (see TextDag),
 * so two equal subexpressions are one name, shared node or not. 'let' names every non-atom text
 * written twice or more. 'auto' prints inline, as written, unless the inline text is far longer
 * than the named one (more than AUTO_RATIO times and AUTO_MIN_LENGTH characters); the named one
 * names, bottom-up, a text used u ≥ 2 times only when its binding and u uses of the name are
 * shorter than u copies of its text. The inline text is built only up to the length that decides,
 * so it never blows up. Linear in the nodes printed.
 *
 * @throws TypeError or RangeError if `shared` is not a mode; RangeError for 'inline' when the
 *   written-out text cannot fit in a string
 */
export function printShared<P>(where: string, root: Value, atom: (v: Value) => boolean, shared: unknown, printer: SharedPrinter<P>): string {
  const mode = sharedMode(where, shared);
  const dag = textDag(topologicalOrderAbove(root, atom)!, atom);
  if (dag.uses.every((u, c) => u <= 1 || dag.atoms[c])) return printInline(dag, printer, Infinity)!; // each text is written once
  if (mode === 'inline') {
    const terms = termsWrittenOut(dag);
    const tooLong = () => rangeError(where, 'options.shared', "'let' or 'auto' for this graph", 'inline', `Written out inline, its ${dag.nodes.length} distinct subexpressions make ${terms} terms, more than a string can hold; 'let' names the shared subexpressions (let t1 = … in …).`);
    if (terms > MAX_INLINE_TERMS) throw tooLong();
    try {
      return printInline(dag, printer, Infinity)!;
    } catch (e) {
      // The engine's own "Invalid string length": labels made the text too long for a string.
      if (e instanceof RangeError && !e.message.startsWith('chainrule.')) throw tooLong();
      throw e;
    }
  }
  const named = printNamed(dag, printer, mode === 'let');
  if (mode === 'let' || named.bindings === 0) return named.text;
  return printInline(dag, printer, Math.max(AUTO_RATIO * named.text.length, AUTO_MIN_LENGTH)) ?? named.text;
}

/**
 * @internal root printed inline if that takes at most `maxTerms` terms, else null; looks at no
 * more than maxTerms nodes, so it costs O(maxTerms) however large the graph below root is.
 */
export function printIfShort<P>(root: Value, atom: (v: Value) => boolean, maxTerms: number, printer: SharedPrinter<P>): string | null {
  const order = topologicalOrderAbove(root, atom, maxTerms);
  if (order === null) return null;
  const dag = textDag(order, atom);
  if (termsWrittenOut(dag) > maxTerms) return null;
  return printInline(dag, printer, Infinity);
}

function sharedMode(where: string, shared: unknown): SharedMode {
  if (shared === undefined) return 'auto';
  const expected = `one of ${MODES.map((m) => `'${m}'`).join(', ')}`;
  if (typeof shared !== 'string') throw typeError(where, 'options.shared', expected, shared);
  if (!(MODES as readonly string[]).includes(shared)) throw rangeError(where, 'options.shared', expected, shared);
  return shared as SharedMode;
}

/** The classes of equal texts of `order` (a topological order from topologicalOrderAbove). */
function textDag<P>(order: readonly Value[], atom: (v: Value) => boolean): TextDag {
  const classOf = new Map<Value, number>();
  // Keys: an op over one or two classes as one number (op code, class ids), any other op as text;
  // an atom by its label, or by its value (both print one-to-one as text: a label is quoted where
  // it could read as a number or another token).
  const byKey = new Map<string | number, number>();
  const byLabel = new Map<string, number>();
  const byValue = new Map<number, number>();
  let negativeZero = -1;
  const opCodes = new Map<string, number>();
  const nodes: Value[] = [];
  const atoms: boolean[] = [];
  const inputStart: number[] = [];
  const inputClasses: number[] = [];
  for (const node of order) {
    let c: number | undefined;
    const isAtom = atom(node);
    if (isAtom) {
      if (node.label !== '') c = byLabel.get(node.label);
      else c = Object.is(node.data, -0) ? (negativeZero >= 0 ? negativeZero : undefined) : byValue.get(node.data);
      if (c === undefined) {
        c = nodes.length;
        if (node.label !== '') byLabel.set(node.label, c);
        else if (Object.is(node.data, -0)) negativeZero = c;
        else byValue.set(node.data, c);
      }
    } else {
      const inputs = node.inputs;
      let code = opCodes.get(node.op);
      if (code === undefined) opCodes.set(node.op, (code = opCodes.size));
      const a = classOf.get(inputs[0])!;
      const b = inputs.length === 2 ? classOf.get(inputs[1])! + 1 : 0;
      let key: string | number;
      if (inputs.length <= 2 && code < 2 ** 9 && a < 2 ** 22 && b < 2 ** 22) {
        key = (code * 2 ** 22 + a) * 2 ** 22 + b;
      } else {
        key = node.op;
        for (const input of inputs) key += ` ${classOf.get(input)!}`;
      }
      c = byKey.get(key);
      if (c === undefined) byKey.set(key, (c = nodes.length));
    }
    if (c === nodes.length) {
      nodes.push(node);
      atoms.push(isAtom);
      inputStart.push(inputClasses.length);
      if (!isAtom) for (const input of node.inputs) inputClasses.push(classOf.get(input)!);
    }
    classOf.set(node, c);
  }
  inputStart.push(inputClasses.length);
  return canonicalOrder({ nodes, atoms, inputStart, inputClasses, uses: [] });
}

/**
 * The classes renumbered in the order a depth-first walk from the root reaches them (inputs left
 * to right, each class after its inputs), with their uses counted: the order the bindings are
 * named in then depends on the texts alone, not on which equal subexpressions share a node.
 * Iterative (an explicit stack).
 */
function canonicalOrder(dag: TextDag): TextDag {
  const count = dag.nodes.length;
  const inputsOf = (c: number) => dag.inputClasses.slice(dag.inputStart[c], dag.inputStart[c + 1]);
  const renumber = new Array<number>(count).fill(-1);
  const order: number[] = [];
  const stack: { c: number; next: number }[] = [{ c: count - 1, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const start = dag.inputStart[top.c];
    const end = dag.inputStart[top.c + 1];
    while (start + top.next < end && renumber[dag.inputClasses[start + top.next]] !== -1) top.next++;
    if (start + top.next < end) {
      const child = dag.inputClasses[start + top.next];
      renumber[child] = -2; // on the stack
      stack.push({ c: child, next: 0 });
      continue;
    }
    stack.pop();
    renumber[top.c] = order.length;
    order.push(top.c);
  }
  const nodes: Value[] = [];
  const atoms: boolean[] = [];
  const inputStart: number[] = [];
  const inputClasses: number[] = [];
  for (const c of order) {
    nodes.push(dag.nodes[c]);
    atoms.push(dag.atoms[c]);
    inputStart.push(inputClasses.length);
    for (const k of inputsOf(c)) inputClasses.push(renumber[k]);
  }
  inputStart.push(inputClasses.length);
  // Each class's inputs are written once per written copy of the class: count uses over classes.
  const uses = new Array<number>(nodes.length).fill(0);
  uses[nodes.length - 1] = 1;
  for (const k of inputClasses) uses[k]++;
  return { nodes, atoms, inputStart, inputClasses, uses };
}

/** Prints class c from its inputs' printed forms. */
function printClass<P>(dag: TextDag, printer: SharedPrinter<P>, printed: readonly P[], c: number): P {
  const start = dag.inputStart[c];
  return printer.node(dag.nodes[c], (i) => printed[dag.inputClasses[start + i]]);
}

/** The inline text, or null as soon as a subexpression's text is longer than maxLength. */
function printInline<P>(dag: TextDag, printer: SharedPrinter<P>, maxLength: number): string | null {
  const printed: P[] = [];
  for (let c = 0; c < dag.nodes.length; c++) {
    const p = printClass(dag, printer, printed, c);
    if (printer.text(p).length > maxLength) return null;
    printed.push(p);
  }
  return printer.text(printed[printed.length - 1]);
}

/** The text with names for texts written more than once: all of them, or (auto) those that shorten it. */
function printNamed<P>(dag: TextDag, printer: SharedPrinter<P>, nameAll: boolean): { text: string; bindings: number } {
  const prefix = freePrefix(dag);
  const printed: P[] = [];
  const bindings: [string, string][] = [];
  for (let c = 0; c < dag.nodes.length; c++) {
    const p = printClass(dag, printer, printed, c);
    const uses = dag.uses[c];
    if (!dag.atoms[c] && uses >= 2) {
      const name = printer.name(prefix, bindings.length + 1);
      const text = printer.text(p);
      if (nameAll || printer.bindingCost + name.length + text.length + uses * name.length < uses * text.length) {
        bindings.push([name, text]);
        printed.push(printer.ref(name));
        continue;
      }
    }
    printed.push(p);
  }
  return { text: printer.assemble(bindings, printer.text(printed[printed.length - 1])), bindings: bindings.length };
}

/** The number of atoms and ops in the expression written out in full (a float). */
function termsWrittenOut(dag: TextDag): number {
  const terms: number[] = [];
  for (let c = 0; c < dag.nodes.length; c++) {
    let n = 1;
    for (let k = dag.inputStart[c]; k < dag.inputStart[c + 1]; k++) n += terms[dag.inputClasses[k]];
    terms.push(n);
  }
  return terms[terms.length - 1];
}

/**
 * The first prefix that neither an atom's label nor the name of an op written in the expression
 * starts with (followed by a digit or _), so a name never reads as a label or a call: with a user
 * op called t1, `t1(x + y)` stays a call and the names are u1, u2, ….
 */
function freePrefix(dag: TextDag): string {
  const words = new Set<string>();
  dag.nodes.forEach((node, c) => {
    if (dag.atoms[c]) {
      if (node.label !== '') words.add(node.label);
    } else {
      words.add(node.spec!.text.symbol);
      words.add(node.op);
    }
  });
  const clashes = (p: string) => {
    for (const w of words) if (w.startsWith(p) && /^[\d_]/.test(w.slice(p.length))) return true;
    return false;
  };
  for (const p of PREFIXES) if (!clashes(p)) return p;
  let p = 'tmp';
  while (clashes(p)) p += '_';
  return p;
}
