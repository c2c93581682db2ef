import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config";

/*
 * `.env.example` and README's Configuration table are where operators learn the settings. They drift when a
 * variable is added to src/config.ts alone (MAX_EXPORT_MEETINGS was missing from the README), or a default
 * changes in one place: these tests read the variables the code reads and the defaults it applies.
 */

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Every `env.NAME` src/config.ts reads. */
const readByCode = [
  ...new Set([...read("src/config.ts").matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)),
].sort();

/** `# NAME=value` lines of .env.example. */
const example = new Map(
  [...read(".env.example").matchAll(/^# ([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const),
);

/** `npm start` sets NODE_ENV=production, which is what the example shows; loadConfig alone defaults to development. */
const SET_BY_NPM_START = new Set(["NODE_ENV"]);

describe("the settings operators read about", () => {
  it("src/config.ts reads some variables (the scan works)", () => {
    expect(readByCode).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "MAX_COST", "REDIS_URL"]));
  });

  it(".env.example lists exactly the variables src/config.ts reads", () => {
    expect([...example.keys()].sort()).toEqual(readByCode);
  });

  it("README's Configuration table names every variable", () => {
    const readme = read("README.md");
    const table = readme.slice(
      readme.indexOf("## Configuration"),
      readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5),
    );
    expect(readByCode.filter((name) => !table.includes(`\`${name}\``))).toEqual([]);
  });

  it(".env.example's values are the defaults: setting them all changes nothing", () => {
    const given = Object.fromEntries([...example].filter(([name]) => !SET_BY_NPM_START.has(name)));
    expect(loadConfig(given)).toEqual(loadConfig({}));
  });
});
