import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OP_LIST } from '../../src/index.js';
import { currentOpsTable, opsTable, withOpsTable } from '../../scripts/ops-table.js';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("README's Ops table", () => {
  it('is the one generated from the op table (run `npm run readme:ops` after changing an entry)', () => {
    expect(currentOpsTable(README)).toBe(opsTable());
  });

  it('has one row per op, and regenerating replaces only the text between the markers', () => {
    expect(opsTable().split('\n')).toHaveLength(OP_LIST.length + 2);
    const stale = withOpsTable(README, '| stale |');
    expect(currentOpsTable(stale)).toBe('| stale |');
    expect(withOpsTable(stale)).toBe(README);
  });
});
