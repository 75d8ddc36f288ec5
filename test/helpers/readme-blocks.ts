import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const TYPEDOC: { readme: string; projectDocuments: string[]; hostedBaseUrl: string } = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8'));

/** The pages whose examples the tests check: the README, the site's landing page and every guide, in the site's order. */
export const DOC_FILES: readonly string[] = ['README.md', TYPEDOC.readme, ...TYPEDOC.projectDocuments];

/** The documentation site's address (typedoc.json hostedBaseUrl): the README links there for what npm does not ship. */
export const SITE_URL: string = TYPEDOC.hostedBaseUrl;

/** One ```ts block of a Markdown file, with the heading it sits under. */
export interface CodeBlock {
  /** "## Section › ### Subsection", the headings above the block. */
  readonly heading: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** ```ts runnable: the test also runs it and checks its `// →` comments. */
  readonly runnable: boolean;
  readonly code: string;
}

/**
 * Every ```ts block (info string `ts`, optionally followed by `runnable`), in file order; a fence
 * indented inside a list item counts too, its indentation removed.
 */
export function tsBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const headings: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(#{2,4}) (.*)$/.exec(lines[i]);
    if (heading) {
      headings.length = heading[1].length - 2;
      headings.push(heading[2]);
      continue;
    }
    const fence = /^( *)```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const [, indent, language, info] = fence;
    const start = i;
    while (++i < lines.length && lines[i] !== `${indent}\`\`\``);
    if (language !== 'ts') continue;
    const code = lines.slice(start + 1, i).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    blocks.push({ heading: headings.join(' › '), line: start + 1, runnable: info.split(/\s+/).includes('runnable'), code: code.join('\n') });
  }
  return blocks;
}

/** A value check the instrumented block makes: the statement on `line` printed `expected`. */
export type Check = (line: number, expected: string, values: () => unknown[]) => void;

/**
 * The block with every top-level statement that ends in a `// → expected` comment replaced by a
 * call `__check(line, expected, () => [values])`: a `console.log(a, b)` checks its arguments, any
 * other expression statement its value. Other comments are prose.
 */
export function instrument(code: string): string {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of source.statements) {
    const comment = ts.getTrailingCommentRanges(code, statement.end)?.[0];
    const text = comment ? code.slice(comment.pos, comment.end) : '';
    const arrow = /^\/\/\s*→\s*(.*)$/.exec(text);
    if (!arrow || !ts.isExpressionStatement(statement)) continue;
    const e = statement.expression;
    const isLog = ts.isCallExpression(e) && e.expression.getText(source) === 'console.log';
    const values = isLog ? `[${e.arguments.map((a) => a.getText(source)).join(', ')}]` : `[${e.getText(source)}]`;
    const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
    edits.push({ start: statement.getStart(source), end: statement.end, text: `__check(${line}, ${JSON.stringify(arrow[1].trim())}, () => ${values});` });
  }
  let out = code;
  for (const { start, end, text } of edits.reverse()) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** How a value reads in a `// →` comment: numbers in full, strings bare at top level, arrays [a, b], objects { k: v }. */
export function show(value: unknown, top = true): string {
  if (typeof value === 'string') return top ? value : `'${value}'`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `[${Array.from(value as ArrayLike<unknown>, (v) => show(v, false)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${show(v, false)}`).join(', ')} }`;
  }
  return String(value);
}

const TOKEN = /-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?…?|[A-Za-z_$][\w$]*|\S/g;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?…?$/;

/**
 * True when `actual` reads as `expected`: the same tokens, numbers equal to 1e-12 relative, or, for
 * a number written with a trailing …, the actual number rounded or truncated to the written digits.
 */
export function matches(actual: string, expected: string): boolean {
  const a = actual.match(TOKEN) ?? [];
  const e = expected.match(TOKEN) ?? [];
  if (a.length !== e.length) return false;
  return e.every((token, i) => {
    if (!NUMBER.test(token) || !NUMBER.test(a[i])) return token === a[i];
    const elided = token.endsWith('…');
    const want = Number(elided ? token.slice(0, -1) : token);
    const got = Number(a[i]);
    if (!elided) return got === want || Math.abs(got - want) <= 1e-12 * Math.abs(want);
    const [mantissa, exponent = '0'] = token.slice(0, -1).split('e');
    const decimals = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
    const unit = 10 ** (Number(exponent) - decimals);
    const slack = 1e-12 * Math.abs(want);
    const rounded = Math.abs(got - want) <= unit / 2 + slack;
    const truncated = Math.sign(got) === Math.sign(want) && Math.abs(got) - Math.abs(want) >= -slack && Math.abs(got) - Math.abs(want) < unit;
    return rounded || truncated;
  });
}
