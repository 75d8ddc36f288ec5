import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as nn from '../src/nn/index.js';
import * as testing from '../src/testing/index.js';
import * as gradcheck from '../src/testing/gradcheck.js';
import * as onnx from '../src/onnx/index.js';
import { instrument, matches, show, tsBlocks, type Check } from './helpers/readme-blocks.js';

// Every ```ts block of README.md type-checks against src/ (as a user's file importing chainrule
// would), and every ```ts runnable block runs and prints what its `// →` comments say.
const ROOT = join(__dirname, '..');
const blocks = tsBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const ENTRIES: Record<string, { file: string; module: unknown }> = {
  chainrule: { file: 'src/index.ts', module: core },
  'chainrule/nn': { file: 'src/nn/index.ts', module: nn },
  'chainrule/testing': { file: 'src/testing/index.ts', module: testing },
  'chainrule/gradcheck': { file: 'src/testing/gradcheck.ts', module: gradcheck },
  'chainrule/onnx': { file: 'src/onnx/index.ts', module: onnx },
  'fast-check': { file: 'node_modules/fast-check', module: { __esModule: true, ...fc, default: fc } },
};

/**
 * Blocks in sections other work is rewriting now (the lead re-runs this test over them after the
 * merge): each is expected to FAIL today, so the entry must go once its block is fixed.
 */
const PENDING_REWRITE = new Set<string>([
  'Symbolic › Simplify #1', // x and simplify come from the Symbolic block above it
  'Symbolic › Print and parse #1', // no imports
  'Neural nets › API at a glance #1', // x, y and data are undefined
  'Compiled fast path #1', // batches is undefined
  'Compiled fast path #2', // tape, batches and lr are undefined
]);

const CONSOLE = join(ROOT, 'test', '__readme__', 'console.d.ts');
const blockFile = (i: number) => join(ROOT, 'test', '__readme__', `block-${i}.ts`);
const blockName = (i: number) => `block ${i} (line ${blocks[i].line}, ${blocks[i].heading})`;

/** Type errors per block, from one program over all blocks (each a module of its own). */
function typeErrors(): string[][] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const paths: Record<string, string[]> = {};
  for (const [name, { file }] of Object.entries(ENTRIES)) if (name.startsWith('chainrule')) paths[name] = [join(ROOT, file)];
  // ES2022 and a console, without the DOM and Node type libraries: a third of the checking time.
  const options: ts.CompilerOptions = { ...config.options, paths, lib: ['lib.es2022.d.ts'], types: [], noUnusedLocals: false, noEmit: true };
  const texts = new Map(blocks.map((b, i) => [blockFile(i), /^\s*(import|export)\s/m.test(b.code) ? b.code : `${b.code}\nexport {};\n`]));
  texts.set(CONSOLE, 'declare const console: { log(...values: unknown[]): void };');
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) => {
    const text = texts.get(name);
    return text === undefined ? getSourceFile(name, version, ...rest) : ts.createSourceFile(name, text, version);
  };
  const fileExists = host.fileExists;
  host.fileExists = (name) => texts.has(name) || fileExists(name);
  const program = ts.createProgram([...texts.keys()], options, host);
  return blocks.map((_, i) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(blockFile(i))).map((d) => {
      const where = d.file && d.start !== undefined ? `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    }),
  );
}

/** Runs a block (transpiled to CommonJS, imports served from src/) and returns its failed checks. */
async function run(code: string): Promise<string[]> {
  const failures: string[] = [];
  let checks = 0;
  const check: Check = (line, expected, values) => {
    checks++;
    const actual = values().map((v) => show(v)).join(' ');
    if (!matches(actual, expected)) failures.push(`line ${line}: printed ${actual}, the README says ${expected}`);
  };
  const js = ts.transpileModule(instrument(code), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const require = (name: string) => {
    if (!(name in ENTRIES)) throw new Error(`README block imports ${name}, which this test does not serve`);
    return ENTRIES[name].module;
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction('require', 'exports', '__check', js)(require, {}, check);
  if (checks === 0) failures.push('a runnable block must check at least one `// →` comment');
  return failures;
}

describe('README.md', () => {
  const errors = typeErrors();

  it('has ts blocks, some of them runnable', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.some((b) => b.runnable)).toBe(true);
  });

  blocks.forEach((block, i) => {
    const ordinal = blocks.slice(0, i + 1).filter((b) => b.heading === block.heading).length;
    const test = PENDING_REWRITE.has(`${block.heading} #${ordinal}`) ? it.fails : it;
    test(`${blockName(i)} type-checks as a self-contained file`, () => {
      expect(errors[i]).toEqual([]);
    });
    if (block.runnable) {
      it(`${blockName(i)} runs and prints what its // → comments say`, async () => {
        expect(await run(block.code)).toEqual([]);
      });
    }
  });
});
