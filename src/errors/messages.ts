/**
 * Every message chainrule throws is built here, in one format:
 * `chainrule.<where>: <what> must be <expected>, received <actual>.` plus a hint when there is one.
 * TypeError is for a wrong type, RangeError for a bad value. A message quotes at most
 * {@link QUOTE_LIMIT} characters of any one input (then "…" and the input's length), so a
 * million-character name or text gives a message of a few hundred characters.
 */

/** The most characters of one input (a string, a label, a name, a key) a message quotes. */
export const QUOTE_LIMIT = 60;
/** The longest list of names (known ops, vars) a message writes out before "… and N more". */
const LIST_LIMIT = 400;

/** Renders a received value briefly and unambiguously (NaN, -0, strings quoted and clipped, arrays by length). */
export function describe(received: unknown): string {
  if (typeof received === 'number') return Object.is(received, -0) ? '-0' : String(received);
  if (typeof received === 'string') return `${JSON.stringify(excerpt(received))}${lengthNote(received)}`;
  if (received === null) return 'null';
  if (received === undefined) return 'undefined';
  if (Array.isArray(received)) return `an array of length ${received.length}`;
  if (typeof received === 'object') {
    const name = className(received);
    return name !== undefined && name !== 'Object' ? `${article(name)} ${clip(name)}` : 'an object';
  }
  return `a ${typeof received}`;
}

/** Text from a user (a key in a path, a name in a list), unquoted: at most QUOTE_LIMIT characters, then "…" and its length. */
export function clip(text: string): string {
  return `${excerpt(text)}${lengthNote(text)}`;
}

/** A token of parsed text in single quotes, clipped as {@link clip} does: `'x'`, `'abc…' (1000000 characters)`. */
export function quoteToken(text: string): string {
  return `'${excerpt(text)}'${lengthNote(text)}`;
}

/** Names joined by ", " (each clipped), cut after about LIST_LIMIT characters with "… and N more". */
export function nameList(names: readonly string[]): string {
  let text = '';
  for (let i = 0; i < names.length; i++) {
    const next = `${i === 0 ? '' : ', '}${clip(names[i])}`;
    if (text.length + next.length > LIST_LIMIT) return `${text}, … and ${names.length - i} more`;
    text += next;
  }
  return text;
}

function excerpt(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

function lengthNote(text: string): string {
  return text.length > QUOTE_LIMIT ? ` (${text.length} characters)` : '';
}

/** The name of an object's class, if it reads as one: a getter that throws or a name that is not a string gives none. */
function className(x: object): string | undefined {
  try {
    const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "a" or "an" before a class name, by its sound: "an Adam", "an MLP" (em-el-pee), "a Value",
 * "a Uint8Array" (you-int). An acronym (two capitals first) is read letter by letter.
 */
function article(name: string): 'a' | 'an' {
  const acronym = /^[A-Z]{2}/.test(name);
  return (acronym ? /^[AEFHILMNORSX]/ : /^[AEIOaeio]/).test(name) ? 'an' : 'a';
}

function message(where: string, what: string, expected: string, received: unknown, hint?: string): string {
  const base = `chainrule.${where}: ${what} must be ${expected}, received ${describe(received)}.`;
  return hint ? `${base} ${hint}` : base;
}

/** A wrong type at a public boundary. */
export function typeError(where: string, what: string, expected: string, received: unknown, hint?: string): TypeError {
  return new TypeError(message(where, what, expected, received, hint));
}

/** A value of the right type that is out of range (NaN, wrong length, negative size). */
export function rangeError(where: string, what: string, expected: string, received: unknown, hint?: string): RangeError {
  return new RangeError(message(where, what, expected, received, hint));
}

/**
 * Throws unless `options` is undefined or a plain object whose keys are all own and all in
 * `allowed`: a typo such as `{ stopAtLabel: true }` would otherwise be silently ignored, and an
 * inherited key silently read.
 * @example checkOptionKeys('toText', options, ['stopAtLabels']);
 * @throws TypeError naming the function, `what` and the offending key (with a did-you-mean hint)
 */
export function checkOptionKeys(where: string, options: unknown, allowed: readonly string[], what = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw typeError(where, what, `an object with keys among ${allowed.join(', ')}`, options);
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key)) throw new TypeError(`chainrule.${where}: ${what}.${clip(key)} must be an own property of ${what}, received an inherited one.`);
    if (!allowed.includes(key)) {
      const near = allowed.find((known) => editDistance(known.toLowerCase(), key.toLowerCase()) <= 2);
      throw typeError(where, `the keys of ${what}`, `among ${allowed.join(', ')}`, key, near === undefined ? undefined : `Did you mean "${near}"?`);
    }
  }
}

/**
 * An array with a hole (`[, x]`, `new Array(3)`): `what` names the empty index. Array methods
 * (forEach, map, every) skip holes, so a check written with them would let one through.
 */
export function holeError(where: string, what: string, expected: string): TypeError {
  return new TypeError(`chainrule.${where}: ${what} must be ${expected}, received an empty slot (a hole in a sparse array).`);
}

/**
 * A leaf whose data is not a number, met by a code generator (toSource, compile, toOnnx) that
 * would embed it; `leaf` names it (see {@link leafName}).
 */
export function leafDataError(where: string, leaf: string, received: unknown): TypeError {
  return typeError(where, `the data of ${leaf}`, 'a number', received, 'Generated code embeds numbers only: set data to a number.');
}

/** A leaf by its label (quoted, at most ~60 characters of it) and where it is: `the leaf "w" (node 3 of …)`. */
export function leafName(label: string, at: string): string {
  return label === '' ? `the unlabelled leaf (${at})` : `the leaf ${describe(label)} (${at})`;
}

/**
 * A node's forward gave something other than a number: an operand's data that is not a number
 * (a public field, set by plain JavaScript) is named first; otherwise the op's forward is.
 */
export function forwardResultError(op: string, result: unknown, operands: readonly { readonly data: unknown }[]): TypeError {
  const i = operands.findIndex((v) => typeof v.data !== 'number');
  if (i >= 0) return typeError(op, `the data of operand ${i}`, 'a number', operands[i].data);
  return typeError(op, "the result of the op's forward", 'a number', result, `Its forward (defineOp({ name: ${describe(op)}, … })) must return a number.`);
}

/** A user op's symbolic rule returned something other than a Value. */
export function symbolicResultError(op: string, input: number, result: unknown): TypeError {
  return typeError(op, `the result of the op's symbolic rule for input ${input}`, 'a Value', result, `Its symbolic rule (defineOp({ name: ${describe(op)}, … })) must return ∂y/∂input as a Value.`);
}

/** A user op's local rule gave a non-number (`g * '2'` would coerce it silently, anything else make NaN). */
export function localResultError(op: string, input: number, result: unknown): TypeError {
  return typeError(op, `the result of the op's local rule for input ${input}`, 'a number', result, `Its local rule (defineOp({ name: ${describe(op)}, … })) must return ∂y/∂input as a number.`);
}

/** How many operands debug mode's NaN report lists. */
const NAN_OPERANDS = 8;

/**
 * Debug mode's report of the first op whose result is NaN (like PyTorch's anomaly mode); `node`
 * says where, on an engine that has no Value to point at ("in Tape.run, at tape slot 7 of 40").
 */
export function nanResultError(op: string, operands: readonly number[], phase: 'forward' | 'backward', node?: string): RangeError {
  // A sum may have a million operands: the first few are shown, then how many there are.
  const shown = operands.slice(0, NAN_OPERANDS).map(describe).join(', ');
  const args = operands.length > NAN_OPERANDS ? `${shown}, … (${operands.length} operands)` : shown;
  const what = phase === 'forward' ? `${op}(${args}) produced NaN` : `the local derivative of ${op}(${args}) is NaN`;
  return new RangeError(`chainrule.debug: ${what}${node === undefined ? '' : ` (${node})`}. The first NaN appeared here; check this op's operands.`);
}

/** compile(): a graph or option it cannot compile; `received` is already a description (not quoted). */
export function compileError(what: string, expected: string, received: string, hint?: string): RangeError {
  const base = `chainrule.compile: ${what} must be ${expected}, received ${received}.`;
  return new RangeError(hint ? `${base} ${hint}` : base);
}

/** derivative() (or hvp) reached a user op defined without a symbolic rule. */
export function missingSymbolicError(op: string): TypeError {
  return new TypeError(
    `chainrule.derivative: the op ${describe(op)} must have a symbolic rule to be differentiated symbolically, received none. Give \`symbolic\` in defineOp({ name: ${describe(op)}, … }) (its local derivative as Values).`,
  );
}

/** A call made in the wrong order (e.g. a tape's backward before its forward). */
export function orderError(where: string, what: string, hint: string): RangeError {
  return new RangeError(`chainrule.${where}: ${what}. ${hint}`);
}

/**
 * parse(): malformed text. `position` is the 0-based index of the offending character.
 * @category Symbolic
 * @example
 * try { parse('x +', { x: new Value(1) }); } catch (e) { if (e instanceof ParseError) e.position; } // 3
 * @throws never: it is what parse throws
 */
export class ParseError extends SyntaxError {
  /**
   * A parse error at `position`.
   * @param position - the 0-based index of the offending character
   */
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/**
 * A parse error in the house format, plus the text around `position` with a caret under it:
 * `chainrule.parse: <what> at position <p> must be <expected>, received <received>.`
 */
export function parseError(text: string, position: number, what: string, expected: string, received: string): ParseError {
  // A window of QUOTE_LIMIT characters around the position, with the text's length when clipped.
  const half = QUOTE_LIMIT / 2;
  const from = Math.max(0, position - half);
  const clipped = from > 0 || position + half < text.length;
  const window = (from > 0 ? '…' : '') + text.slice(from, position + half) + (position + half < text.length ? '…' : '') + (clipped ? ` (${text.length} characters)` : '');
  const caret = ' '.repeat(position - from + (from > 0 ? 1 : 0)) + '^';
  const message = `chainrule.parse: ${what} at position ${position} must be ${expected}, received ${received}.\n  ${window}\n  ${caret}`;
  return new ParseError(message, position);
}

/** Levenshtein distance (short option names only): how many edits turn a into b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
