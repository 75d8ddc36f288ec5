/**
 * Every message chainrule throws is built here, in one format:
 * `chainrule.<where>: <what> must be <expected>, received <actual>.` plus a hint when there is one.
 * TypeError is for a wrong type, RangeError for a bad value.
 */

/** Renders a received value briefly and unambiguously (NaN, -0, strings quoted, arrays by length). */
export function describe(received: unknown): string {
  if (typeof received === 'number') return Object.is(received, -0) ? '-0' : String(received);
  if (typeof received === 'string') return JSON.stringify(received.length > 40 ? `${received.slice(0, 40)}…` : received);
  if (received === null) return 'null';
  if (received === undefined) return 'undefined';
  if (Array.isArray(received)) return `an array of length ${received.length}`;
  if (typeof received === 'object') {
    const name = (received as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== 'Object' ? `${article(name)} ${name}` : 'an object';
  }
  return `a ${typeof received}`;
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
    if (!Object.hasOwn(options, key)) throw new TypeError(`chainrule.${where}: ${what}.${key} must be an own property of ${what}, received an inherited one.`);
    if (!allowed.includes(key)) {
      const near = allowed.find((known) => editDistance(known.toLowerCase(), key.toLowerCase()) <= 2);
      throw typeError(where, `the keys of ${what}`, `among ${allowed.join(', ')}`, key, near === undefined ? undefined : `Did you mean "${near}"?`);
    }
  }
}

/**
 * Debug mode's report of the first op whose result is NaN (like PyTorch's anomaly mode); `node`
 * says where, on an engine that has no Value to point at ("in Tape.run, at tape slot 7 of 40").
 */
export function nanResultError(op: string, operands: readonly number[], phase: 'forward' | 'backward', node?: string): RangeError {
  const args = operands.map(describe).join(', ');
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
  const from = Math.max(0, position - 30);
  const excerpt = (from > 0 ? '…' : '') + text.slice(from, position + 30) + (position + 30 < text.length ? '…' : '');
  const caret = ' '.repeat(position - from + (from > 0 ? 1 : 0)) + '^';
  const message = `chainrule.parse: ${what} at position ${position} must be ${expected}, received ${received}.\n  ${excerpt}\n  ${caret}`;
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
