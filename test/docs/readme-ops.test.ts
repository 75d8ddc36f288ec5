import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OP_LIST } from '../../src/index.js';
import { OPS_PAGE, currentOpsTable, opsTable, withOpsTable } from '../../scripts/ops-table.js';

const PAGE = readFileSync(join(__dirname, '..', '..', OPS_PAGE), 'utf8');

describe(`the Ops table of ${OPS_PAGE}`, () => {
  it('is the one generated from the op table (run `npm run readme:ops` after changing an entry)', () => {
    expect(currentOpsTable(PAGE)).toBe(opsTable());
  });

  it('has one row per op, and regenerating replaces only the text between the markers', () => {
    expect(opsTable().split('\n')).toHaveLength(OP_LIST.length + 2);
    const stale = withOpsTable(PAGE, '| stale |');
    expect(currentOpsTable(stale)).toBe('| stale |');
    expect(withOpsTable(stale)).toBe(PAGE);
  });
});
