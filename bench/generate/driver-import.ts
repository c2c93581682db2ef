import fs from "node:fs";
import path from "node:path";
import { WORK_DIR } from "../paths";
import type { SqliteDriver } from "../process/gateway";
import type { DriverImport } from "../report/types";
import { removeWorkingCopy, runGenerator } from "./cache";
import type { GenerationMeta } from "./generate";

const DRIVER_ORDER: SqliteDriver[] = ["sqlite3", "better-sqlite3"];

/**
 * Imports `scale` meetings once per SQLite driver with the generator CLI (the product's import path,
 * `withDatabase` in src/app/cli/cli-data-source.ts, which reads SQLITE_DRIVER), into scratch files beside the
 * working copies (same file system as the cache, not the cache itself), pinned like the servers, and
 * deletes them. The generator prints its progress to stderr.
 */
export async function timeImportByDriver(scale: number, seed: number, core: number | null): Promise<DriverImport[]> {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const imports: DriverImport[] = [];
  for (const driver of DRIVER_ORDER) {
    const out = path.join(WORK_DIR, `driver-import-${scale}-${driver}.sqlite`);
    const metaFile = `${out}.json`;
    removeWorkingCopy(out);
    try {
      const started = performance.now();
      await runGenerator(scale, seed, out, metaFile, core, driver);
      const processMs = Math.round(performance.now() - started);
      const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as GenerationMeta;
      imports.push({
        scale,
        driver,
        importMs: meta.importMs,
        importMsPerMeeting: meta.importMsPerMeeting,
        processMs,
        fileBytes: meta.fileBytes,
        counts: meta.counts,
      });
    } finally {
      removeWorkingCopy(out);
      fs.rmSync(metaFile, { force: true });
    }
  }
  return imports;
}
