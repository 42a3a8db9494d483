/** A plain-text table: a header row, a rule, and right-aligned numeric columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => NUMERIC_CELL.test(row[column] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Cells that read as numbers (with a unit or sign) line up on the right. */
const NUMERIC_CELL = /^[-+±~]?[\d.,]+(\s?(µs|ms|s|MB|x|%|ops\/s|ns))?( ±[\d.]+%)?$|^-$/;

/** A number with a fixed count of decimals and thousands separators. */
export function fixed(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
