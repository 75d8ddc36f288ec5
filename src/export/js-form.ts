import { ALL, TERMS1, TERMS2, kindOf } from '../ops/layout.js';
import type { JsForm } from '../ops/forms.js';
import { OPS } from '../ops/table.js';
import type { OpSpec } from '../ops/spec.js';
import { FORWARD_JS } from './forward-js.js';

/**
 * The JavaScript text of a built-in forward, generated from the entry's own source by
 * `npm run ops:js` (scripts/forward-js.ts): an expression with operand i written $i (`$0 + $1`), or
 * one that calls a function of the op's own (`erf($0)`) together with the declarations of that
 * function. It lives here, beside toSource, the one reader, so a bundle that never exports code
 * does not carry it (the engine's size budget).
 */
export type ForwardJs = string | { readonly template: string; readonly prelude: string };

/** How toSource writes an op: its expression over the operands' names, and the declarations it calls. */
export interface JsWriting {
  /** The op's value over its operands' names. */
  readonly js: JsForm;
  /** Declarations `js` calls (a built-in forward's own function), written once at the top of the module. */
  readonly prelude?: string;
}

const BUILT_IN = new WeakMap<OpSpec, JsWriting>();

/**
 * How an op is written as JavaScript: a built-in entry's form is made from its generated forward
 * text, a user op's is the `js` its definition gave; undefined for an op that has none.
 */
export function jsWriting(spec: OpSpec): JsWriting | undefined {
  if (spec.js !== undefined) return { js: spec.js };
  if ((OPS as Readonly<Record<string, OpSpec>>)[spec.name] !== spec) return undefined;
  let writing = BUILT_IN.get(spec);
  if (writing === undefined) {
    writing = fromForwardText(spec, FORWARD_JS[spec.name]);
    BUILT_IN.set(spec, writing);
  }
  return writing;
}

/**
 * A form from generated forward text, laid out as the op's nodes are: one term per node, or a sum
 * of terms from 0 left to right as the tape sums them, or (a forwardAll op) one call on the list of
 * operands.
 */
export function fromForwardText(spec: OpSpec, source: ForwardJs): JsWriting {
  const template = typeof source === 'string' ? source : source.template;
  const term = (args: readonly string[]) => template.replace(/\$(\d)/g, (_, i: string) => args[Number(i)]);
  const kind = kindOf(spec);
  const js: JsForm = kind === ALL ? (args) => term([`[${args.join(', ')}]`])
    : kind === TERMS1 ? (args) => ['0', ...args.map((a) => term([a]))].join(' + ')
    : kind === TERMS2 ? (args) => ['0', ...args.slice(0, args.length / 2).map((a, k) => term([a, args[k + args.length / 2]]))].join(' + ')
    : term;
  return typeof source === 'string' ? { js } : { js, prelude: source.prelude };
}
