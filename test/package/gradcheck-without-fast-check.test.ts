import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBuilt, projectWithPackage, run } from '../helpers/built-package.js';

// The published entries, as a user without fast-check installs them: dist and package.json copied
// into node_modules/chainrule of an empty project. Needs `npm run build` (CI builds before testing).
const built = isBuilt('gradcheck/index.js');

describe.skipIf(!built)('chainrule/gradcheck without fast-check installed (built dist)', () => {
  let project = '';
  beforeAll(() => {
    project = projectWithPackage('chainrule-nofc-');
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
