import { stringify } from "csv-stringify/sync";

/** What a cell may hold: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/** Text cells starting with these are formulas to a spreadsheet (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made safe to open in a spreadsheet: one that Excel, LibreOffice or Google Sheets would run as a
 * formula (`=HYPERLINK(…)`, `+1`, `-1`, `@SUM(…)`, or a leading tab or carriage return) gets a leading `'`,
 * which they show as text. Numbers are written as numbers: only text from the directory can carry a formula.
 */
export function neutraliseFormula(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * RFC 4180 CSV (csv-stringify): a header row, CRLF line ends, fields quoted when they hold a comma, a quote or
 * a line break (quotes doubled), in UTF-8 with a byte-order mark, without which Excel reads UTF-8 as the
 * system's code page and garbles every accented name.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header, ...rows.map((row) => row.map(neutraliseFormula))], {
    bom: true,
    record_delimiter: "windows",
    quoted_match: /^\s|\s$/,
  });
}

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present";
