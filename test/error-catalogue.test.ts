import fs from "node:fs";
import path from "node:path";
import { CLOSE_CATALOGUE, ERROR_CATALOGUE } from "../src/common/error-catalogue";

/*
 * The README's error and close-code tables are the error catalogue (src/common/error-catalogue.ts): every code
 * the gateway answers with, its status and when it happens. Neither may drift from the other.
 */

/** The rows of the first Markdown table after `heading` whose first header cell matches `firstHeader`. */
function tableRows(markdown: string, firstHeader: RegExp): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.startsWith("|") && firstHeader.test(line.split("|")[1]!.trim()));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const unquote = (cell: string) => cell.replace(/^`(.*)`$/, "$1");

describe("the error catalogue", () => {
  it("is the README's error table, code for code, with each status and when it happens", () => {
    const rows = tableRows(readme, /^`extensions\.code`$/).map(([code, status, when]) => [
      unquote(code!),
      Number(status),
      when,
    ]);
    expect(rows).toEqual(Object.entries(ERROR_CATALOGUE).map(([code, entry]) => [code, entry.status, entry.when]));
  });

  it("is the README's table of WebSocket close codes", () => {
    const rows = tableRows(readme, /^close code$/).map(([code, name, when]) => [Number(code), unquote(name!), when]);
    expect(rows).toEqual(Object.entries(CLOSE_CATALOGUE).map(([name, entry]) => [entry.code, name, entry.when]));
  });

  it("names every code the source raises", () => {
    // Codes written in the source in an error's extensions, or passed to refusal()/refusalOf(), are catalogued.
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) sources.push(fs.readFileSync(file, "utf8"));
      }
    };
    walk(path.join(__dirname, "..", "src"));
    const used = new Set<string>();
    for (const source of sources) {
      for (const match of source.matchAll(/extensions: \{[^}]*\bcode: "([A-Z_]+)"|refusal(?:Of)?\(\s*"([A-Z_]+)"/g))
        used.add(match[1] ?? match[2]!);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((code) => !(code in ERROR_CATALOGUE))).toEqual([]);
  });
});
