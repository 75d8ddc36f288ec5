import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRY_FILES, asModule, typeErrors, virtualFile } from './helpers/typecheck.js';

// Every @example in src/ type-checks as a user's file that imports all of chainrule's entry points.
// An example may use the names a reader has in hand (a network, a batch, a tape): they are declared
// below, with the types a reader would have, and an example may declare its own instead.
const SRC = join(__dirname, '..', 'src');
const READER_HAS = `
import type { Example, MLP, Neuron } from 'chainrule/nn';
import type { Tape, Value } from 'chainrule';
declare global {
  const net: MLP;
  const x: Value[];
  const y: Value;
  const out: Value;
  const loss: Value;
  const scores: Value[];
  const ys: number[];
  const batch: Example[];
  const data: Example[];
  const batches: number[][][];
  const lr: number;
  const tape: Tape;
  const n0: Neuron;
  const n1: Neuron;
  const w: Value;
  const a: Value;
  const b: Value;
  const c: Value;
  const z: Value;
  const C0: Value;
  /** A test runner's assertion, for examples written as tests. */
  const expect: (actual: unknown) => { toBe(expected: unknown): void };
}
export {};
`;

/** Every public name of every entry point, imported so an example can use any of them. */
function preludeImports(): string {
  const lines: string[] = ["import fc from 'fast-check';"];
  const seen = new Set<string>();
  for (const [entry, file] of Object.entries(ENTRY_FILES)) {
    const text = readFileSync(join(SRC, '..', file), 'utf8');
    const names = [...text.matchAll(/export\s+(?:\{([^}]*)\}|(?:function|class|const|interface|type)\s+(\w+))/g)]
      .flatMap((m) => (m[1] ?? m[2]).split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!))
      .filter((n) => n && !seen.has(n) && seen.add(n));
    if (names.length > 0) lines.push(`import { ${names.join(', ')} } from '${entry}';`);
  }
  return lines.join('\n');
}

/** The @example blocks of every TSDoc comment in src/, with where they are. */
function examples(): { where: string; code: string }[] {
  const found: { where: string; code: string }[] = [];
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const body = comment[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      const line = text.slice(0, comment.index).split('\n').length;
      for (const ex of body.matchAll(/@example([\s\S]*?)(?=\n@|$)/g)) found.push({ where: `${relative(SRC, file)}:${line}`, code: ex[1].trim() });
    }
  }
  return found;
}

describe('TSDoc @example blocks', () => {
  const all = examples();
  const imports = preludeImports();
  const files = new Map(all.map((e, i) => [virtualFile(`example-${i}.ts`), asModule(`${imports}\n${e.code}`)]));
  files.set(virtualFile('reader.ts'), READER_HAS);
  const checked = typeErrors(files);

  it('there are examples to check', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((e, i) => [e.where, i] as const))('%s type-checks', (_, i) => {
    expect(checked.get(virtualFile(`example-${i}.ts`))).toEqual([]);
  });
});
