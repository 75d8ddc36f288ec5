/**
 * How a table's row names differ from the names it must cover: names without a row, rows without
 * a name, and names listed twice on either side (a table keyed by name cannot hold a row twice, but
 * a list of ops could). Both lists empty means the rows cover the names exactly.
 */
export function namesMismatch(rows: readonly string[], names: readonly string[]): { withoutRow: string[]; withoutName: string[] } {
  const rowSet = new Set(rows);
  const nameSet = new Set(names);
  return {
    withoutRow: [...names.filter((n) => !rowSet.has(n)), ...twice(names)],
    withoutName: [...rows.filter((r) => !nameSet.has(r)), ...twice(rows)],
  };
}

/** The names that occur more than once, each once, marked. */
function twice(names: readonly string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))].map((n) => `${n} (listed twice)`);
}
