import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRY_FILES, asModule, typeErrors, virtualFile } from '../helpers/typecheck.js';

// Every @example of a public export in src/ type-checks as a user's file that imports all of
// chainrule's entry points. An example may use the names a reader has in hand (a network, a batch,
// a tape, a Value x): they are declared below, and an example may declare its own instead.
// Examples on declarations no entry point exports (internal helpers) are not checked.
const SRC = join(__dirname, '..', '..', 'src');
const READER_HAS = `
import type { Example, MLP, Neuron } from 'chainrule/nn';
import type { Tape, Value } from 'chainrule';
declare global {
  const net: MLP;
  const x: Value;
  const y: Value;
  const pixels: Value[];
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

/** Every public name of every entry point (re-exports followed to the names they export). */
function publicNames(): Map<string, string> {
  const names = new Map<string, string>(); // name → entry
  for (const [entry, file] of Object.entries(ENTRY_FILES)) {
    const text = readFileSync(join(SRC, '..', file), 'utf8');
    for (const m of text.matchAll(/export\s+(?:type\s+)?(?:\{([^}]*)\}|(?:function|class|const|interface|type)\s+(\w+))/g)) {
      for (const n of (m[1] ?? m[2]).split(',')) {
        const name = n.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!;
        if (name && !names.has(name)) names.set(name, entry);
      }
    }
  }
  return names;
}

/** Imports of every public value (types are imported as types), so an example can use any of them. */
function preludeImports(names: ReadonlyMap<string, string>): string {
  const byEntry = new Map<string, string[]>();
  for (const [name, entry] of names) byEntry.set(entry, [...(byEntry.get(entry) ?? []), name]);
  return ["import fc from 'fast-check';", ...[...byEntry].map(([entry, list]) => `import { ${list.join(', ')} } from '${entry}';`)].join('\n');
}

// A tag ends an example, also on the example's own line (one-line comments: `@example f(x) @throws …`).
const EXAMPLE = /@example([\s\S]*?)(?=\s@(?:throws|param|returns|defaultValue|remarks|see|example|internal|category)\b|$)/g;

/** The @example blocks of TSDoc comments in src/ on public declarations, with where they are. */
function examples(publicName: (name: string) => boolean): { where: string; code: string }[] {
  const found: { where: string; code: string }[] = [];
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  for (const file of walk(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      // A top-level declaration must be public; members (indented) belong to a class that is.
      const after = text.slice(comment.index + comment[0].length).match(/^\s*(?:export\s+(?:declare\s+)?(?:function|class|const|let|interface|type)\s+(\w+))?/);
      if (after?.[1] !== undefined && !publicName(after[1])) continue;
      if (after?.[1] === undefined && /^\n(?:export )?\w/.test(text.slice(comment.index + comment[0].length))) continue; // an unexported top-level helper
      const body = comment[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      const line = text.slice(0, comment.index).split('\n').length;
      for (const ex of body.matchAll(EXAMPLE)) found.push({ where: `${relative(SRC, file)}:${line}`, code: ex[1].trim() });
    }
  }
  return found;
}

describe('TSDoc @example blocks', () => {
  const names = publicNames();
  const all = examples((name) => names.has(name));
  const imports = preludeImports(names);
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
