import "reflect-metadata";
import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { CLI_ACTOR } from "../../platform/auth/actor";
import { MutationRunner } from "../../platform/db/mutation";
import { DirectoryTextError, parseDirectoryBytes } from "../../modules/directory/directory-json";
import { DirectoryService } from "../../modules/directory/directory.service";
import { directorySections } from "../features";
import { fail, withDatabase } from "./cli-data-source";

/** `npm run import -- <file> [--dry-run]`: the same validation and transaction as `importDirectory`. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { "dry-run": { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file) {
    console.error("usage: npm run import -- <directory.json> [--dry-run]");
    process.exitCode = 2;
    return;
  }
  const content = await readDirectoryFile(file);
  await withDatabase(async (dataSource) => {
    const directory = new DirectoryService(dataSource, new MutationRunner(dataSource), directorySections);
    let lastShown = 0;
    const started = Date.now();
    const result = await directory.import(CLI_ACTOR, content, {
      dryRun: values["dry-run"] === true,
      path: file,
      onProgress: (done, total) => {
        if (done === total || Date.now() - lastShown > 1000) {
          lastShown = Date.now();
          process.stderr.write(`meetings ${done}/${total} (${Math.floor((done / total) * 100)}%)\n`);
        }
      },
    });
    for (const c of result.changes) console.log(`${c.entity}: +${c.created} ~${c.updated} -${c.deleted}`);
    const verb = result.dryRun ? "would change" : "changed";
    console.log(
      `${result.totalChanges} change(s) ${verb} in ${((Date.now() - started) / 1000).toFixed(1)} s${result.dryRun ? " (dry run: nothing written)" : ""}`,
    );
  });
}

/** The file's JSON, or a one-line error naming the file and where it stops being JSON. */
async function readDirectoryFile(file: string): Promise<unknown> {
  const bytes = await fs.readFile(file);
  try {
    return parseDirectoryBytes(bytes);
  } catch (error) {
    if (error instanceof DirectoryTextError) throw new Error(`${file}: ${error.message}`);
    throw error;
  }
}

main().catch(fail);
