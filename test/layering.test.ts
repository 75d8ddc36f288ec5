import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'src');

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

describe('layering', () => {
  // errors.ts is the dependency-free home of every message format, shared by all layers.
  it.each(['nn', 'testing'])('src/%s imports only the public core (../index.js), the message builders (../errors.js) or files of its own folder', (folder) => {
    const dir = join(SRC, folder);
    const bad: string[] = [];
    for (const path of files(dir)) {
      const inner = relative(dir, path).includes('/'); // files in a subfolder reach the core as ../../index.js
      for (const spec of imports(path)) {
        const up = inner ? '../../' : '../';
        const ok = spec === `${up}index.js` || spec === `${up}errors.js` || spec.startsWith('./') || (folder === 'testing' && spec === 'fast-check');
        if (!ok) bad.push(`${relative(SRC, path)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no file in src/ outside src/testing imports fast-check or a node: module', () => {
    const bad: string[] = [];
    for (const path of files(SRC)) {
      if (relative(SRC, path).startsWith('testing')) continue;
      for (const spec of imports(path)) if (spec === 'fast-check' || spec.startsWith('fast-check/') || spec.startsWith('node:')) bad.push(`${relative(SRC, path)} → ${spec}`);
    }
    expect(bad).toEqual([]);
  });

  it('src/onnx imports the public core and nn, the message builders, its own files and protobufjs only; nothing else in src/ imports protobufjs', () => {
    const bad: string[] = [];
    for (const path of files(SRC)) {
      const inOnnx = relative(SRC, path).startsWith('onnx');
      for (const spec of imports(path)) {
        const protobuf = spec === 'protobufjs' || spec.startsWith('protobufjs/');
        const ok = inOnnx ? protobuf || ['../index.js', '../errors.js', '../nn/index.js'].includes(spec) || spec.startsWith('./') : !protobuf;
        if (!ok) bad.push(`${relative(SRC, path)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the import scanner sees the imports it should (it can fail)', () => {
    expect(imports(join(SRC, 'nn', 'mlp.ts'))).toContain('../index.js');
    expect(imports(join(SRC, 'testing', 'gradcheck.ts'))).toContain('../index.js');
    expect(imports(join(__dirname, 'layering.test.ts'))).toEqual(expect.arrayContaining(['node:fs', 'node:path', 'vitest']));
  });
});
