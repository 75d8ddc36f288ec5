import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The package's entry points as a user imports them, mapped to their sources. */
export const ENTRY_FILES: Readonly<Record<string, string>> = {
  chainrule: 'src/index.ts',
  'chainrule/nn': 'src/nn/index.ts',
  'chainrule/testing': 'src/testing/index.ts',
  'chainrule/gradcheck': 'src/testing/gradcheck.ts',
  'chainrule/onnx': 'src/export/onnx/index.ts',
};

/**
 * Type errors per virtual file (path → source), from one program over all of them: the project's
 * compiler options, chainrule's entry points mapped to src/, ES2022 with a `console` and without
 * the DOM and Node type libraries (a third of the checking time), unused locals allowed.
 * `ambient` is extra global declarations every file sees.
 */
export function typeErrors(files: ReadonlyMap<string, string>, ambient = ''): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const paths: Record<string, string[]> = {};
  for (const [name, file] of Object.entries(ENTRY_FILES)) paths[name] = [join(ROOT, file)];
  const options: ts.CompilerOptions = { ...config.options, paths, lib: ['lib.es2022.d.ts'], types: [], noUnusedLocals: false, noEmit: true };
  const texts = new Map(files);
  const globals = join(ROOT, 'test', '__virtual__', 'globals.d.ts');
  texts.set(globals, `declare const console: { log(...values: unknown[]): void };\n${ambient}`);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) => {
    const text = texts.get(name);
    return text === undefined ? getSourceFile(name, version, ...rest) : ts.createSourceFile(name, text, version);
  };
  const fileExists = host.fileExists;
  host.fileExists = (name) => texts.has(name) || fileExists(name);
  const program = ts.createProgram([...texts.keys()], options, host);
  const errors = new Map<string, string[]>();
  for (const name of files.keys()) {
    errors.set(
      name,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => {
        const where = d.file && d.start !== undefined ? `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
        return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
      }),
    );
  }
  return errors;
}

/** A virtual file's path under test/__virtual__ (it never exists on disk). */
export const virtualFile = (name: string) => join(ROOT, 'test', '__virtual__', name);

/** Makes `code` a module (so its names stay its own) unless it already imports or exports. */
export const asModule = (code: string) => (/^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`);
