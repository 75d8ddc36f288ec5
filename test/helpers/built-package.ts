import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built package as users get it: dist and package.json copied into node_modules/chainrule of
// an empty project, so no optional peer is installed. Needs `npm run build` (CI builds before testing).

export const ROOT = join(__dirname, '..', '..');

/** True when `npm run build` has written `dist/<entry>`. */
export const isBuilt = (entry: string): boolean => existsSync(join(ROOT, 'dist', entry));

/** A fresh temporary project with the built package installed; remove it with rmSync when done. */
export function projectWithPackage(prefix: string): string {
  const project = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'dist'), join(project, 'node_modules', 'chainrule', 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(project, 'node_modules', 'chainrule', 'package.json'));
  return project;
}

/** Runs `code` as a file of `project` with Node; its stdout, or `threw: <stderr>`. */
export function run(project: string, file: string, code: string): string {
  writeFileSync(join(project, file), code);
  try {
    return execFileSync('node', [file], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `threw: ${(e as { stderr: string }).stderr}`;
  }
}
