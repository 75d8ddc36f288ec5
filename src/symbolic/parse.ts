import { parseError, typeError } from '../errors.js';
import { OP_LIST, type OpSpec } from '../ops.js';
import { Value, applyOp, constant } from '../value.js';

/** Nesting (parentheses, calls, prefix minus, chained ^) deeper than this is refused, not overflowed. */
const MAX_DEPTH = 1000;

// The grammar is read off the op table: infix symbols with their precedence and associativity,
// the prefix minus, and one call per op printed as a call (sum and dot included).
const INFIX = new Map<string, OpSpec>(OP_LIST.filter((s) => s.text.form === 'infix').map((s) => [s.text.symbol, s]));
const PREFIX = new Map<string, OpSpec>(OP_LIST.filter((s) => s.text.form === 'prefix').map((s) => [s.text.symbol, s]));
const CALLS = new Map<string, OpSpec>(OP_LIST.filter((s) => s.text.form === 'call').map((s) => [s.text.symbol, s]));
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', ...INFIX.keys(), ...PREFIX.keys()]);
const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([\p{L}_][\p{L}\p{N}_]*)|(\S))/uy;

interface Token {
  readonly kind: 'number' | 'name' | 'punct' | 'end';
  readonly text: string;
  readonly position: number;
}

/**
 * The Value graph of an infix expression, in the syntax toString prints: `+ - * / ^` with the usual
 * precedence (`^` right-associative, binding tighter than unary minus: -a^2 = -(a^2)), calls
 * for every unary op (`sigmoid(…)`, `exp(…)`, `relu(…)`, …), `sum(a, b, …)`, `dot([a0, a1], [b0, b1])`,
 * and numbers such as 2, 0.5, .5, 1e-7. Names (letters, digits and _, not starting with a digit)
 * are looked up in `vars`; a name in vars shadows a call of the same name.
 *
 * @example
 * const y = parse('sigmoid(w*a + b)', { w, a, b }); // same graph as w.mul(a).add(b).sigmoid()
 * @throws TypeError if text is not a string or vars does not map names to Values;
 *   ParseError (a SyntaxError) with the position and an excerpt for malformed text
 */
export function parse(text: string, vars: Readonly<Record<string, Value>> = {}): Value {
  if (typeof text !== 'string') throw typeError('parse', 'text', 'a string', text);
  if (typeof vars !== 'object' || vars === null) throw typeError('parse', 'vars', 'an object mapping names to Values', vars);
  for (const [name, v] of Object.entries(vars)) {
    if (!(v instanceof Value)) throw typeError('parse', `vars.${name}`, 'a Value', v);
  }
  return new Parser(text, vars).parseAll();
}

class Parser {
  private readonly tokens: Token[];
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly vars: Readonly<Record<string, Value>>,
  ) {
    this.tokens = this.tokenize();
  }

  parseAll(): Value {
    const value = this.expression(0, 0);
    const next = this.peek();
    if (next.kind !== 'end') throw this.error(next, 'the token', 'an operator or the end of the input');
    return value;
  }

  /** Precedence climbing: operands joined by infix operators that bind at least as tightly as minPrec. */
  private expression(minPrec: number, depth: number): Value {
    if (depth > MAX_DEPTH) throw this.error(this.peek(), 'the nesting depth', `at most ${MAX_DEPTH}`, 'deeper nesting');
    let left = this.operand(depth);
    for (;;) {
      const token = this.peek();
      const spec = token.kind === 'punct' ? INFIX.get(token.text) : undefined;
      if (spec === undefined || spec.text.prec < minPrec) return left;
      this.at++;
      const right = this.expression(spec.text.assoc === 'right' ? spec.text.prec : spec.text.prec + 1, depth + 1);
      left = applyOp(spec.name, [left, right]);
    }
  }

  private operand(depth: number): Value {
    const token = this.next();
    if (token.kind === 'number') return constant(Number(token.text));
    if (token.kind === 'punct' && PREFIX.has(token.text)) {
      const spec = PREFIX.get(token.text)!;
      return applyOp(spec.name, [this.expression(spec.text.prec, depth + 1)]);
    }
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.expression(0, depth + 1);
      this.expect(')');
      return inner;
    }
    if (token.kind === 'name') {
      if (this.peek().text === '(' && CALLS.has(token.text) && !Object.hasOwn(this.vars, token.text)) return this.call(CALLS.get(token.text)!, depth);
      if (Object.hasOwn(this.vars, token.text)) return this.vars[token.text];
      if (token.text === 'Infinity') return constant(Infinity);
      const names = Object.keys(this.vars);
      const known = names.length > 0 ? `one of ${names.join(', ')}` : 'a name given in vars';
      throw this.error(token, 'the name', CALLS.has(token.text) ? `followed by '(' (a call)` : `${known} or a call to ${[...CALLS.keys()].join(', ')}`);
    }
    throw this.error(token, 'the token', "an operand (a number, a name, a call, '-' or '(')");
  }

  /** f(x) for unary ops; sum(a, b, …); dot([a…], [b…]) — one bracketed list per input group. */
  private call(spec: OpSpec, depth: number): Value {
    this.expect('(');
    let inputs: Value[];
    if (spec.arity !== 'n') inputs = [this.expression(0, depth + 1)];
    else if (spec.group === 1) inputs = this.list(')', depth);
    else {
      const groups: Value[][] = [];
      for (let g = 0; g < spec.group; g++) {
        if (g > 0) this.expect(',');
        const open = this.expect('[');
        groups.push(this.list(']', depth));
        this.expect(']');
        if (groups[g].length !== groups[0].length) throw this.error(open, `list ${g + 1} of ${spec.text.symbol}`, `as long as list 1 (${groups[0].length})`, `a list of ${groups[g].length}`);
      }
      inputs = groups.flat();
    }
    this.expect(')');
    return applyOp(spec.name, inputs);
  }

  /** Comma-separated expressions up to (not including) `close`. */
  private list(close: string, depth: number): Value[] {
    const items: Value[] = [];
    if (this.peek().text === close && this.peek().kind === 'punct') return items;
    items.push(this.expression(0, depth + 1));
    while (this.peek().kind === 'punct' && this.peek().text === ',') {
      this.at++;
      items.push(this.expression(0, depth + 1));
    }
    return items;
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) {
      this.at--;
      throw this.error(token, 'the token', `'${text}'`);
    }
    return token;
  }

  private peek(): Token {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at];
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private error(token: Token, what: string, expected: string, received?: string) {
    const shown = received ?? (token.kind === 'end' ? 'the end of the input' : `'${token.text}'`);
    return parseError(this.text, token.position, what, expected, shown);
  }

  private tokenize(): Token[] {
    const tokens: Token[] = [];
    TOKEN.lastIndex = 0;
    for (;;) {
      const start = TOKEN.lastIndex;
      const match = TOKEN.exec(this.text);
      if (match === null) break; // only whitespace is left
      const position = TOKEN.lastIndex - match[0].trimStart().length;
      if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1], position });
      else if (match[2] !== undefined) tokens.push({ kind: 'name', text: match[2], position });
      else if (PUNCTUATION.has(match[3])) tokens.push({ kind: 'punct', text: match[3], position });
      else throw parseError(this.text, position, 'the character', 'part of a number, a name, an operator, a bracket or a comma', `'${match[3]}'`);
      if (TOKEN.lastIndex === start) break;
    }
    tokens.push({ kind: 'end', text: '', position: this.text.length });
    return tokens;
  }
}
