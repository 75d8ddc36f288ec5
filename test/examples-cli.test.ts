import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const digits = (...args: string[]) =>
  spawnSync('node', ['--import', 'tsx', 'examples/digits.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('examples/digits.ts command line', () => {
  it('--help prints the usage and exits 0 before loading any data', () => {
    const r = digits('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npx tsx examples\/digits\.ts \[--config notes\|adam\|both\]/);
    expect(r.stdout).not.toMatch(/mnist:/);
  });

  it('an unknown flag is a usage error (exit 2), not a stack trace', () => {
    const r = digits('--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^digits: unknown argument --bogus\n\nUsage:/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
