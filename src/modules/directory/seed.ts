import fs from "node:fs/promises";
import path from "node:path";
import type { DataSource } from "typeorm";
import { MutationRunner } from "../../platform/db/mutation";
import type { DirectorySection } from "../../platform/directory-section";
import { projectRoot } from "../../config";
import { Region } from "../region/region.entity";
import type { ChangeReport } from "./directory-apply";
import { SEED_ACTOR, applyDirectoryAs } from "./directory-apply";
import { DirectoryTextError, parseDirectoryBytes } from "./directory-json";
import { DirectoryValidationError, validateDirectoryFile } from "./directory-validation";

export const SEEDS_DIR = path.join(projectRoot, "seeds");

/** Reads and validates one directory file; problems name the file they are in. */
export async function readDirectoryFile(file: string, sections: readonly DirectorySection[]) {
  let json: unknown;
  try {
    json = parseDirectoryBytes(await fs.readFile(file));
  } catch (error) {
    if (!(error instanceof DirectoryTextError)) throw error;
    throw new DirectoryValidationError([{ path: path.basename(file), message: error.message }]);
  }
  try {
    return validateDirectoryFile(json, sections);
  } catch (error) {
    if (error instanceof DirectoryValidationError) {
      throw new DirectoryValidationError(
        error.problems.map((p) => ({ ...p, path: `${path.basename(file)}: ${p.path}` })),
      );
    }
    throw error;
  }
}

export interface SeedResult {
  file: string;
  report: ChangeReport;
}

/**
 * Loads every `seeds/*.json` in name order. Idempotent: records are matched by natural key, so a second
 * run finds nothing to change. Each file is applied as one mutation of `mutations` (by default a runner of its
 * own: seeding runs before the gateway takes writes): behind the write lock, in one transaction, and audited
 * as `seedDirectory` by the actor `seed`, with the file's name and what it changed (nothing, on a second run).
 */
export async function seedDirectory(
  dataSource: DataSource,
  sections: readonly DirectorySection[],
  dir = SEEDS_DIR,
  mutations = new MutationRunner(dataSource),
): Promise<SeedResult[]> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const files = await Promise.all(names.map((name) => readDirectoryFile(path.join(dir, name), sections)));
  const results: SeedResult[] = [];
  for (const [i, file] of files.entries()) {
    const name = names[i]!;
    const report = await applyDirectoryAs(mutations, SEED_ACTOR, "seedDirectory", file, sections, {
      label: "seed",
      details: { file: name },
    });
    results.push({ file: name, report });
  }
  return results;
}

/** True when the database holds no region yet: a fresh database that `npm start` should seed. */
export async function isDirectoryEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Region).count()) === 0;
}
