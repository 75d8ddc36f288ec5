import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, isBuilt, projectWithPackage, run } from '../helpers/built-package.js';

// The built package as users get it (dist and package.json copied into node_modules/chainrule of
// an empty project, so neither optional peer is installed). Needs `npm run build` first.
const built = isBuilt('onnx/index.js');

describe.skipIf(!built)('a missing optional peer is named, with the command that installs it (built dist)', () => {
  let project = '';
  beforeAll(() => {
    project = projectWithPackage('chainrule-nopeers-');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it.each([
    ['chainrule/onnx', 'protobufjs'],
    ['chainrule/testing', 'fast-check'],
  ])('%s without %s: ESM import and CommonJS require both say what to install', (entry, peer) => {
    const message = `${entry} needs ${peer}: npm install ${peer}`;
    const esm = run(project, 'peer.mjs', `import '${entry}';`);
    expect(esm).toMatch(/^threw: /);
    expect(esm).toContain(message);
    const cjs = run(project, 'peer.cjs', `require('${entry}');`);
    expect(cjs).toMatch(/^threw: /);
    expect(cjs).toContain(message);
  });

  it('the rest of the package loads without the peers', () => {
    const code = (load: (m: string) => string) => `${load('chainrule')}; ${load('chainrule/nn')}; ${load('chainrule/gradcheck')};\nconsole.log(typeof c.Value, typeof nn.train, typeof g.gradcheck);`;
    const esm = code((m) => `const ${m === 'chainrule' ? 'c' : m === 'chainrule/nn' ? 'nn' : 'g'} = await import('${m}')`);
    const cjs = code((m) => `const ${m === 'chainrule' ? 'c' : m === 'chainrule/nn' ? 'nn' : 'g'} = require('${m}')`);
    expect(run(project, 'rest.mjs', esm)).toBe('function function function');
    expect(run(project, 'rest.cjs', cjs)).toBe('function function function');
  });

  it('messages name the real class in the bundle: new Adam(net) says it received an MLP (defect 5)', () => {
    const code = (load: string) =>
      `${load}\ntry { new Adam(new MLP(2, [1])); } catch (e) { console.log(e.message); }`;
    const want = 'chainrule.Adam: params must be an array of Value, received an MLP. Pass its parameters: net.parameters().';
    expect(run(project, 'adam.mjs', code(`import { Adam, MLP } from 'chainrule/nn';`))).toBe(want);
    expect(run(project, 'adam.cjs', code(`const { Adam, MLP } = require('chainrule/nn');`))).toBe(want);
  });
});

describe.skipIf(!built)('every class exported by the built package keeps its name (defect 5)', () => {
  // With the peers of this repository installed, every entry loads; a class renamed by the bundler
  // (esbuild writes `class _MLP` when a class refers to itself) would show in messages.
  const entries = ['index', 'nn/index', 'testing/index', 'gradcheck/index', 'onnx/index'];

  it.each(['js', 'cjs'])('dist/*.%s', (ext) => {
    const script = `
      const entries = ${JSON.stringify(entries)};
      const renamed = [];
      for (const entry of entries) {
        const m = ${ext === 'js' ? 'await import' : 'require'}('./dist/' + entry + '.${ext}');
        for (const [name, value] of Object.entries(m)) {
          if (typeof value === 'function' && /^class\\b/.test(Function.prototype.toString.call(value)) && value.name !== name) renamed.push(entry + ': ' + name + ' is named ' + value.name);
        }
      }
      console.log(JSON.stringify(renamed));`;
    const file = ext === 'js' ? 'names.check.mjs' : 'names.check.cjs';
    const out = run(ROOT, file, script);
    rmSync(join(ROOT, file), { force: true });
    expect(out).toBe('[]');
  });
});
