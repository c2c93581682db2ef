import "reflect-metadata";
import fs from "node:fs/promises";
import { exportDirectory, serializeDirectory } from "../../modules/directory/directory-export";
import { directorySections } from "../features";
import { fail, withDatabase } from "./cli-data-source";

/** `npm run export -- [file]`: the whole directory as a directory file (stdout when no file is named). */
async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const text = await withDatabase(async (dataSource) =>
    serializeDirectory(await exportDirectory(dataSource, directorySections)),
  );
  if (file) {
    await fs.writeFile(file, text);
    console.error(`Wrote ${file}`);
  } else {
    process.stdout.write(text);
  }
}

main().catch(fail);
