import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
/** Runs the example with these arguments; the two runs below start together (each loads tsx). */
function digits(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('node', ['--import', 'tsx', 'examples/digits.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('examples/digits.ts command line', () => {
  const help = digits('--help');
  const bogus = digits('--bogus');

  it('--help prints the usage and exits 0 before loading any data', async () => {
    const r = await help;
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npx tsx examples\/digits\.ts \[--config notes\|adam\|both\]/);
    expect(r.stdout).not.toMatch(/mnist:/);
  });

  it('an unknown flag is a usage error (exit 2), not a stack trace', async () => {
    const r = await bogus;
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^digits: unknown argument --bogus\n\nUsage:/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
