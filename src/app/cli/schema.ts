import "reflect-metadata";
import fs from "node:fs/promises";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { projectRoot } from "../../config";
import { createSchema } from "../schema";

export const SCHEMA_FILE = path.join(projectRoot, "schema.graphql");

/** The SDL clients generate code from: sorted, so that diffs show real changes only. */
export async function printSortedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

async function main(command: string | undefined): Promise<void> {
  const sdl = await printSortedSchema();
  if (command === "emit") {
    await fs.writeFile(SCHEMA_FILE, sdl);
    console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  } else if (command === "check") {
    const committed = await fs.readFile(SCHEMA_FILE, "utf8").catch(() => "");
    if (committed !== sdl) {
      console.error("schema.graphql is stale: run `npm run schema:emit` and commit the result.");
      process.exitCode = 1;
    } else {
      console.log("schema.graphql is up to date.");
    }
  } else {
    console.error("usage: schema.js emit | check");
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
