import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

/** The file a relative specifier resolves to (relative to src/), or the bare specifier itself. */
function resolved(from: string, spec: string): string {
  return spec.startsWith('.') ? relative(SRC, join(dirname(from), spec)).replace(/\.js$/, '.ts') : spec;
}

/** What a subpath's files (under `folder`) import from outside it, other than the allowed files. */
function outsideImports(folder: string, allowed: (target: string) => boolean): string[] {
  const bad: string[] = [];
  for (const path of files(join(SRC, folder))) {
    for (const spec of imports(path)) {
      const target = resolved(path, spec);
      if (!target.startsWith(`${folder}/`) && !allowed(target)) bad.push(`${relative(SRC, path)} → ${spec}`);
    }
  }
  return bad;
}

// The subpaths reach the core only through its public entry (index.ts) and the message builders
// (errors/messages.ts, the dependency-free home of every message format, shared by all layers).
const PUBLIC_CORE = ['index.ts', 'errors/messages.ts'];

describe('layering', () => {
  it.each(['nn', 'testing'])('src/%s imports only the public core (index.ts), the message builders or files of its own folder', (folder) => {
    expect(outsideImports(folder, (t) => PUBLIC_CORE.includes(t) || (folder === 'testing' && t === 'fast-check'))).toEqual([]);
  });

  it('no file in src/ outside src/testing imports fast-check or a node: module', () => {
    const bad: string[] = [];
    for (const path of files(SRC)) {
      if (relative(SRC, path).startsWith('testing')) continue;
      for (const spec of imports(path)) if (spec === 'fast-check' || spec.startsWith('fast-check/') || spec.startsWith('node:')) bad.push(`${relative(SRC, path)} → ${spec}`);
    }
    expect(bad).toEqual([]);
  });

  it('src/export/onnx imports the public core and nn, the message builders, its own files and protobufjs only; nothing else in src/ imports protobufjs', () => {
    const isProtobuf = (t: string) => t === 'protobufjs' || t.startsWith('protobufjs/');
    expect(outsideImports('export/onnx', (t) => isProtobuf(t) || [...PUBLIC_CORE, 'nn/index.ts'].includes(t))).toEqual([]);
    const elsewhere = files(SRC).filter((p) => !relative(SRC, p).startsWith('export/onnx')).flatMap((p) => imports(p).filter(isProtobuf).map((s) => `${relative(SRC, p)} → ${s}`));
    expect(elsewhere).toEqual([]);
  });

  it('the import scanner sees the imports it should (it can fail)', () => {
    const mlp = join(SRC, 'nn', 'model', 'mlp.ts');
    expect(imports(mlp).map((s) => resolved(mlp, s))).toContain('index.ts');
    expect(imports(join(SRC, 'testing', 'gradcheck.ts'))).toContain('../index.js');
    expect(imports(join(__dirname, 'layering.test.ts'))).toEqual(expect.arrayContaining(['node:fs', 'node:path', 'vitest']));
    expect(outsideImports('nn', () => false).length).toBeGreaterThan(0);
  });
});
