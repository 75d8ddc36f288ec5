import { clip, nameList, parseError, quoteToken, typeError } from '../../errors/messages.js';
import { OPS, OP_LIST, type OpSpec } from '../../ops/table.js';
import { callOps, lookupOp } from '../../ops/registry.js';
import { Value } from '../../engine/value.js';
import { ParseNodes } from './parse-nodes.js';

// The grammar is read off the op table: infix symbols with their precedence and associativity,
// the prefix minus, and one call per op printed as a call (sum and dot included).
const INFIX = /* @__PURE__ */ symbolsOf('infix');
const PREFIX = /* @__PURE__ */ symbolsOf('prefix');
/** A prefix '+' is the identity: it builds no node (`+x`, `2 * +x`, `-+x`). */
const UNARY_PLUS = OPS.add.text.symbol;
const CALLS = callOps(); // live: ops made by defineOp parse by name too
/**
 * The op a call `name(…)` builds, or undefined: an op printed as a call, else any op by its
 * name (`pow(a, b)` is a ^ b, `strongMul(a, b)` is a ⊙ b). parse's one op lookup by name.
 */
function callOp(name: string): OpSpec | undefined {
  return CALLS.get(name) ?? lookupOp(name);
}
/** The let form's words: `let t1 = … ; t2 = … in body`. */
const LET = 'let';
const IN = 'in';
const PUNCTUATION = /* @__PURE__ */ punctuation();

/** The built-in ops printed with `form`, by their symbol (a function, so bundlers can drop it unused). */
function symbolsOf(form: 'infix' | 'prefix'): Map<string, OpSpec> {
  return new Map<string, OpSpec>(OP_LIST.filter((s) => s.text.form === form).map((s) => [s.text.symbol, s]));
}

function punctuation(): Set<string> {
  return new Set(['(', ')', '[', ']', ',', ';', '=', UNARY_PLUS, ...INFIX.keys(), ...PREFIX.keys()]);
}
const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([\p{L}_][\p{L}\p{N}_]*)|("(?:[^"\\]|\\.)*"?)|(\S))/uy;

interface Token {
  readonly kind: 'number' | 'name' | 'punct' | 'end';
  /** The token as written; for a name, the name (a quoted name without its quotes and escapes). */
  readonly text: string;
  readonly position: number;
  /** A name written as a JSON string, `"a+b"`: always a name in vars, never a call, a word or a number. */
  readonly quoted?: boolean;
}

/** An op waiting for its right operand, which ends at the first infix op binding looser than minPrec. */
type PendingOp = { readonly spec: OpSpec; readonly minPrec: number };

/**
 * An open bracket: the whole input (spec null, closed by the end), '(' (spec null), or a call,
 * whose arguments collect on the operand stack above `base`. For dot, `open` is the current
 * list's '[' and `lengths` the lengths of the lists already closed.
 */
interface Frame {
  readonly kind: 'input' | 'paren' | 'call';
  readonly spec: OpSpec | null;
  readonly base: number;
  readonly opsBase: number;
  open: Token;
  readonly lengths: number[];
}

/**
 * The Value graph of an infix expression, in the syntax toString prints: `+ - * / ^` with the usual
 * precedence (`^` right-associative, binding tighter than unary minus: -a^2 = -(a^2)), a unary
 * plus (no node), a call for every op printed as one (`sigmoid(…)`, `sin(…)`, two-argument
 * `max(a, b)`, `atan2(y, x)`) and for any op by its name (`pow(a, b)` is `a ^ b`), n-ary calls
 * `sum(a, b, …)` (any op of arity 'n' with groups of 1), `dot([a0, a1], [b0, b1])`, and numbers
 * such as 2, 0.5, .5, 1e-7, Infinity. A number is one constant with its sign and as a fraction of
 * two integers, as toText prints them: `-2` is the constant −2 and `-3/2` the constant
 * −3/2 = −1.5 (the same double as the division), while `-(2)` and `(3) / 2` are a negation and a
 * division node. `0/0` (or `-0/0`) stays the division node, whose value is NaN, as
 * `constant(0).div(0)` is and as JavaScript reads it: a constant is never NaN. Names (letters,
 * digits and _, not starting with a digit) are looked up in
 * `vars`, and so is any text written as a JSON string: `"a+b"`, `"1e3"`, `"Infinity"` (toText
 * quotes a label so whenever it would read as something else); a name followed by '(' is a call,
 * and a bare `Infinity` the number, even where vars has that name too. Shared subexpressions are written
 * `let t1 = expression; t2 = expression in body` (toText's let form; also `t1 = …; t2 = …; body`):
 * each bound expression is built once and shared by every later use of its name. parse builds
 * every distinct subexpression once anyway (`(a + b) * (a + b)` has one a + b node, and equal
 * constants are one node), so any printed form of a graph reads back with its sharing. Iterative, with
 * no depth limit: `parse(toString(e))` works for 1,000,000-node chains and 100,000 nested
 * parentheses.
 *
 * @example
 * const y = parse('sigmoid(w*a + b)', { w, a, b }); // same graph as w.mul(a).add(b).sigmoid()
 * parse('let t1 = x * x in t1 * t1', { x }); // (x·x)·(x·x) with x·x one node
 * parse('pow(x, 5/13)', { x }); // x ^ c with c the constant 5/13 (0.38461538461538464)
 * @throws TypeError if text is not a string or vars does not map names to Values;
 *   ParseError (a SyntaxError) with the position and an excerpt for malformed text, a name bound
 *   twice or already in vars, bindings with no expression after them, or a let form whose
 *   bindings are not separated by ';' and closed by `in`
 * @category Symbolic
 */
export function parse(text: string, vars: Readonly<Record<string, Value>> = {}): Value {
  if (typeof text !== 'string') throw typeError('parse', 'text', 'a string', text);
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars) || vars instanceof Map) {
    throw typeError('parse', 'vars', 'a plain object mapping names to Values', vars, vars instanceof Map ? 'Use Object.fromEntries(map).' : undefined);
  }
  for (const [name, v] of Object.entries(vars)) {
    if (!(v instanceof Value)) throw typeError('parse', `vars.${clip(name)}`, 'a Value', v);
  }
  return new Parser(text, vars).parseAll();
}

/**
 * Precedence climbing made iterative (shunting-yard): recursion would overflow the stack on the
 * deep nesting toString prints for long chains, so the parser keeps three explicit stacks —
 * operands, operators waiting for a right operand, and open brackets — and applies each op at
 * the moment the recursive parser would return from it, so errors and their order are the same.
 */
class Parser {
  private readonly tokens: Token[];
  private at = 0;
  private readonly operands: Value[] = [];
  private readonly ops: PendingOp[] = [];
  private readonly frames: Frame[] = [];
  /** Names bound by `name = …;` so far, and the name of the binding being read (null: the expression). */
  private readonly bound = new Map<string, Value>();
  private binding: Token | null = null;
  /** True after `let`: bindings are separated by ';' and end with `in`. */
  private letForm = false;
  /** Builds each distinct node once and folds signed numbers and fractions into constants. */
  private readonly nodes = new ParseNodes();

  constructor(
    private readonly text: string,
    private readonly vars: Readonly<Record<string, Value>>,
  ) {
    this.tokens = this.tokenize();
  }

  parseAll(): Value {
    this.open('input', null, this.peek());
    const [first, second, third] = this.tokens.slice(0, 3);
    if (first.kind === 'name' && first.quoted !== true && first.text === LET && second?.kind === 'name' && second.quoted !== true && third?.kind === 'punct' && third.text === '=') {
      this.letForm = true;
      this.at++;
    }
    this.startStatement();
    for (;;) {
      this.operand();
      // After an operand: an infix op continues the expression; anything else ends it, which
      // closes a bracket, moves to a call's next argument, or finishes the input.
      for (;;) {
        const token = this.peek();
        const spec = token.kind === 'punct' ? INFIX.get(token.text) : undefined;
        if (spec !== undefined) {
          this.reduce(spec.text.prec);
          this.ops.push({ spec, minPrec: spec.text.assoc === 'right' ? spec.text.prec : spec.text.prec + 1 });
          this.at++;
          break;
        }
        this.reduce(0);
        const frame = this.frames[this.frames.length - 1];
        if (frame.kind === 'input') {
          if (this.binding !== null) {
            const last = this.letForm && token.kind === 'name' && token.quoted !== true && token.text === IN;
            if (last) this.at++;
            else if (this.letForm && !this.peekIs(';')) throw this.error(token, 'the token', `an operator, ';' or '${IN}'`);
            else this.expect(';');
            const value = this.nodes.enclose(this.operands.pop()!); // a name for 2 is not the literal 2: -t1 is a negation
            this.bound.set(this.binding.text, value);
            if (last) this.binding = null;
            else this.startStatement();
            break;
          }
          if (token.kind !== 'end') throw this.error(token, 'the token', 'an operator or the end of the input');
          return this.operands[0];
        }
        const arity = frame.spec?.arity;
        if (typeof arity === 'number' && this.operands.length - frame.base < arity) {
          this.expect(',');
          break; // the call's next argument: max(a, b), atan2(y, x)
        }
        if (frame.kind === 'paren' || typeof arity === 'number') {
          this.expect(')');
          this.frames.pop();
          if (frame.kind === 'call') this.operands.push(this.nodes.build(frame.spec!, this.operands.splice(frame.base)));
          else this.operands.push(this.nodes.enclose(this.operands.pop()!)); // (2) is a literal in parentheses
        } else if (this.peekIs(',')) {
          this.at++;
          break; // the list's next item
        } else if (!this.endList(frame)) break; // dot's next list has items
      }
    }
  }

  /**
   * At the start of a statement: `name =` opens a binding, anything else is the expression (in
   * the let form, where the expression follows `in`, a binding must come).
   */
  private startStatement(): void {
    const [name, equals] = [this.peek(), this.tokens[this.at + 1]];
    this.binding = null;
    if (name.kind !== 'name' || name.quoted === true || equals?.kind !== 'punct' || equals.text !== '=') {
      if (this.letForm) throw this.error(name, 'the token', "a binding 'name = expression'");
      return;
    }
    if (this.bound.has(name.text) || Object.hasOwn(this.vars, name.text)) throw this.error(name, 'the bound name', 'a name not bound before and not in vars');
    this.binding = name;
    this.at += 2;
  }

  /** Reads prefix ops, '(' and call openings up to the next operand, and pushes it. */
  private operand(): void {
    for (;;) {
      const token = this.next();
      if (token.kind === 'number') return void this.operands.push(this.nodes.literal(token.text));
      if (token.kind === 'punct' && token.text === UNARY_PLUS) continue;
      if (token.kind === 'punct' && PREFIX.has(token.text)) {
        const spec = PREFIX.get(token.text)!;
        this.ops.push({ spec, minPrec: spec.text.prec });
      } else if (token.kind === 'punct' && token.text === '(') {
        this.open('paren', null, token);
      } else if (token.kind === 'name') {
        // name( is a call (a name followed by '(' is nothing else); then Infinity, a bound name, a var.
        const called = token.quoted === true || !this.peekIs('(') ? undefined : callOp(token.text);
        if (called !== undefined) {
          if (this.openCall(called)) return;
          continue;
        }
        // Bare Infinity is the number, even where vars has that name (a label Infinity is quoted).
        if (token.quoted !== true && token.text === 'Infinity') return void this.operands.push(this.nodes.literal(token.text));
        if (token.quoted !== true && this.bound.has(token.text)) return void this.operands.push(this.bound.get(token.text)!);
        if (Object.hasOwn(this.vars, token.text)) return void this.operands.push(this.vars[token.text]);
        const names = Object.keys(this.vars);
        const known = names.length > 0 ? `one of ${nameList(names)}` : 'a name given in vars';
        throw this.error(token, 'the name', token.quoted !== true && callOp(token.text) !== undefined ? `followed by '(' (a call)` : `${known} or the name of an op followed by '(' (such as exp, sin, max)`);
      } else {
        throw this.error(token, 'the token', "an operand (a number, a name, a call, '-' or '(')");
      }
    }
  }

  /** f(x), f(a, b); sum(a, b, …); dot([a…], [b…]). True if the call was empty and is done. */
  private openCall(spec: OpSpec): boolean {
    const frame = this.open('call', spec, this.expect('('));
    if (spec.arity !== 'n') return false;
    if (spec.group === 2) frame.open = this.expect('[');
    return this.peekIs(spec.group === 1 ? ')' : ']') && this.endList(frame);
  }

  /**
   * At the close of an n-ary call's list: for dot, checks its length and opens the next list.
   * True once the call is done and its node pushed; false when the next list has items to read.
   */
  private endList(frame: Frame): boolean {
    const spec = frame.spec!;
    while (spec.group === 2 && frame.lengths.length < spec.group) {
      this.expect(']');
      const length = this.operands.length - frame.base - frame.lengths.reduce((s, n) => s + n, 0);
      const g = frame.lengths.push(length) - 1;
      if (length !== frame.lengths[0]) throw this.error(frame.open, `list ${g + 1} of ${spec.text.symbol}`, `as long as list 1 (${frame.lengths[0]})`, `a list of ${length}`);
      if (g + 1 === spec.group) break;
      this.expect(',');
      frame.open = this.expect('[');
      if (!this.peekIs(']')) return false;
    }
    this.expect(')');
    this.frames.pop();
    this.operands.push(this.nodes.build(spec, this.operands.splice(frame.base)));
    return true;
  }

  private open(kind: Frame['kind'], spec: OpSpec | null, open: Token): Frame {
    const frame: Frame = { kind, spec, base: this.operands.length, opsBase: this.ops.length, open, lengths: [] };
    this.frames.push(frame);
    return frame;
  }

  /** Applies the pending ops of the innermost bracket whose right operand ends before an op of precedence `prec`. */
  private reduce(prec: number): void {
    const opsBase = this.frames[this.frames.length - 1].opsBase;
    while (this.ops.length > opsBase && prec < this.ops[this.ops.length - 1].minPrec) {
      const { spec } = this.ops.pop()!;
      const b = this.operands.pop()!;
      this.operands.push(spec.arity === 1 ? this.nodes.apply(spec, null, b) : this.nodes.apply(spec, this.operands.pop()!, b));
    }
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) throw this.error(token, 'the token', `'${text}'`);
    return token;
  }

  private peek(): Token {
    return this.tokens[this.at];
  }

  private peekIs(punct: string): boolean {
    return this.peek().kind === 'punct' && this.peek().text === punct;
  }

  private next(): Token {
    const token = this.tokens[this.at];
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private error(token: Token, what: string, expected: string, received?: string) {
    const shown = received ?? (token.kind === 'end' ? 'the end of the input' : quoteToken(token.text));
    return parseError(this.text, token.position, what, expected, shown);
  }

  /** The name a quoted token writes (a JSON string, as toText quotes a label). */
  private unquote(quoted: string, position: number): string {
    let name: unknown = null;
    try {
      name = quoted.length >= 2 && quoted.endsWith('"') ? JSON.parse(quoted) : null;
    } catch {
      name = null; // a bad escape: reported below
    }
    if (typeof name !== 'string') throw parseError(this.text, position, 'the quoted name', 'a JSON string closed by " (escapes such as \\" and \\u00e9)', quoted);
    return name;
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
      else if (match[3] !== undefined) tokens.push({ kind: 'name', text: this.unquote(match[3], position), position, quoted: true });
      else if (PUNCTUATION.has(match[4])) tokens.push({ kind: 'punct', text: match[4], position });
      else throw parseError(this.text, position, 'the character', 'part of a number, a name, an operator, a bracket or a comma', `'${match[4]}'`);
      if (TOKEN.lastIndex === start) break;
    }
    tokens.push({ kind: 'end', text: '', position: this.text.length });
    return tokens;
  }
}
