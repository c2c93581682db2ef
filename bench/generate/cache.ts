import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { migrations } from "../../migrations";
import { CACHE_DIR, GENERATOR_CLI, ROOT, WORK_DIR } from "../paths";
import type { SqliteDriver } from "../process/gateway";
import { pinnedCommand } from "../process/proc";
import type { GenerationMeta } from "./generate";
import { GENERATOR_VERSION } from "./synthetic";

/*
 * Generated databases are cached under bench/.data/cache, keyed by scale, seed, generator version and a
 * hash of the migration list (names and compiled source), so a schema change regenerates them. The import
 * time measured when a file was generated travels with it in the sidecar JSON.
 */

export interface CachedDatabase {
  file: string;
  meta: GenerationMeta;
  /** True when this run generated it (so `meta.importMs` was measured now). */
  fresh: boolean;
  /** The import code (dist/src/directory) differs from the one that produced `meta.importMs`. */
  importCodeChanged: boolean;
}

interface StoredMeta extends GenerationMeta {
  importCodeHash: string;
}

export function migrationsHash(): string {
  const hash = crypto.createHash("sha256");
  for (const migration of migrations) hash.update(`${migration.name}\n${migration.toString()}\n`);
  return hash.digest("hex").slice(0, 12);
}

/** The compiled import path; a change means a cached import time no longer describes the current code. */
function importCodeHash(): string {
  const dir = path.join(ROOT, "dist", "src", "modules", "directory");
  const hash = crypto.createHash("sha256");
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .sort()) {
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  }
  return hash.digest("hex").slice(0, 12);
}

export function cacheKey(scale: number, seed: number): string {
  return `meetings-${scale}-seed-${seed}-gen${GENERATOR_VERSION}-mig${migrationsHash()}`;
}

/**
 * Runs the generator CLI (pinned like the servers). Without `driver`, SQLITE_DRIVER is removed from its
 * environment, so the import runs as `npm run import` runs by default (src/app/cli/cli-data-source.ts) whatever
 * the shell exports: the cached import time measures the product's own import.
 */
export function runGenerator(
  scale: number,
  seed: number,
  out: string,
  meta: string,
  core: number | null,
  driver?: SqliteDriver,
): Promise<void> {
  const args = [GENERATOR_CLI, "--scale", String(scale), "--seed", String(seed), "--out", out, "--meta", meta];
  const [command, argv] = pinnedCommand(core, process.execPath, args);
  const env = { ...process.env };
  if (driver) env.SQLITE_DRIVER = driver;
  else delete env.SQLITE_DRIVER;
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`generator for ${scale} meetings failed (${signal ?? code})`)),
    );
  });
}

/** Returns the cached database for (scale, seed), generating it (through the import path) when absent. */
export async function ensureDatabase(
  scale: number,
  seed: number,
  options: { regenerate: boolean; core: number | null },
): Promise<CachedDatabase> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const key = cacheKey(scale, seed);
  const file = path.join(CACHE_DIR, `${key}.sqlite`);
  const metaFile = path.join(CACHE_DIR, `${key}.json`);
  const currentImportCode = importCodeHash();
  if (!options.regenerate && fs.existsSync(file) && fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as StoredMeta;
    return { file, meta, fresh: false, importCodeChanged: meta.importCodeHash !== currentImportCode };
  }
  const tmp = `${file}.tmp`;
  const tmpMeta = `${metaFile}.tmp`;
  console.error(`generating ${scale.toLocaleString("en")} meetings (seed ${seed}) through DirectoryService.import…`);
  await runGenerator(scale, seed, tmp, tmpMeta, options.core);
  const meta: StoredMeta = {
    ...(JSON.parse(fs.readFileSync(tmpMeta, "utf8")) as GenerationMeta),
    importCodeHash: currentImportCode,
  };
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(tmp + suffix, { force: true });
  fs.renameSync(tmp, file);
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  fs.rmSync(tmpMeta, { force: true });
  return { file, meta, fresh: true, importCodeChanged: false };
}

/**
 * A scratch copy for one scale's run: the gateway writes to it (token, mutations, audit), and the cached
 * file must stay as generated.
 */
export function workingCopy(source: string, scale: number): string {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const target = path.join(WORK_DIR, `gateway-${scale}.sqlite`);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(target + suffix, { force: true });
  fs.copyFileSync(source, target, fs.constants.COPYFILE_FICLONE);
  return target;
}

export function removeWorkingCopy(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}
