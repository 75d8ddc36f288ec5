import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The published entries, as a user without fast-check installs them: dist and package.json copied
// into node_modules/chainrule of an empty project. Needs `npm run build` (CI builds before testing).
const ROOT = join(__dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'gradcheck', 'index.js'));

function run(project: string, file: string, code: string): string {
  writeFileSync(join(project, file), code);
  try {
    return execFileSync('node', [file], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `threw: ${(e as { stderr: string }).stderr}`;
  }
}

describe.skipIf(!built)('chainrule/gradcheck without fast-check installed (built dist)', () => {
  let project = '';
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'chainrule-nofc-'));
    cpSync(join(ROOT, 'dist'), join(project, 'node_modules', 'chainrule', 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(project, 'node_modules', 'chainrule', 'package.json'));
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const check = 'gradcheck((x, y) => x.mul(y).sigmoid(), [0.3, -1.2]).ok';

  it('imports from ESM and checks a gradient', () => {
    expect(run(project, 'esm.mjs', `import { gradcheck } from 'chainrule/gradcheck';\nconsole.log(${check});`)).toBe('true');
  });

  it('requires from CommonJS and checks a gradient', () => {
    expect(run(project, 'cjs.cjs', `const { gradcheck } = require('chainrule/gradcheck');\nconsole.log(${check});`)).toBe('true');
  });

  it('the project really lacks fast-check: chainrule/testing (the arbitraries) cannot load there', () => {
    expect(run(project, 'testing.mjs', `import 'chainrule/testing';`)).toMatch(/Cannot find package 'fast-check'/);
  });
});
