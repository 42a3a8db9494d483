import type { Palette } from './colour.js';

const COLUMN_GAP = '  ';

/**
 * Rows as aligned columns under a header, the last column unpadded. Widths
 * are measured on the plain text, so colour never shifts a column.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], palette: Palette): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join(COLUMN_GAP)
      .trimEnd();
  return [palette.bold(line(headers)), ...rows.map(line)];
}
