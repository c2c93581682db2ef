#!/usr/bin/env node
// Compiles src/ and migrations/ into dist/ when, and only when, they changed since the last build.
//
// `npm start`, every command-line tool and the tests' global set-up call this before running dist/: a
// full `tsc` takes 10-30 s, which a user paid on every start and every `npm run token:create`. The inputs'
// content hash is compared with the one recorded by the last build, so a no-op costs one read of ~300 small
// files (well under a second). A changed file recompiles incrementally (tsc's build info under dist/); a file
// added, renamed or removed rebuilds dist/ from scratch, so no stale compiled file of a deleted source (a
// migration, say) can linger and be loaded.
//
// `node scripts/build.mjs --force` always compiles; `--check` only says whether dist/ is current (exit 1 if not).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stampFile = path.join(dist, ".build-stamp.json");
/** Everything tsconfig.json compiles, and what changes its output. */
const INPUTS = ["tsconfig.json", "package.json", "src", "migrations"];
/** What a start needs from dist/; its absence means a rebuild whatever the stamp says. */
const ENTRY_POINT = path.join(dist, "src", "app", "main.js");

function listFiles(relative) {
  const absolute = path.join(root, relative);
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [relative];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => listFiles(path.join(relative, entry.name)));
}

function fingerprint() {
  const files = INPUTS.flatMap(listFiles);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update("\0");
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return { hash: hash.digest("hex"), files: createHash("sha256").update(files.join("\n")).digest("hex") };
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    return null;
  }
}

function compile(clean) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    console.error("dist/ is out of date and TypeScript is not installed: run `npm install` (with dev dependencies).");
    process.exit(1);
  }
  if (clean) {
    for (const folder of ["src", "migrations"]) fs.rmSync(path.join(dist, folder), { recursive: true, force: true });
    fs.rmSync(path.join(dist, ".tsbuildinfo"), { force: true });
  }
  const started = Date.now();
  const args = [tsc, "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", path.join("dist", ".tsbuildinfo")];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.error(`compiled to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const force = process.argv.includes("--force");
const current = fingerprint();
const stamp = readStamp();
const upToDate = !force && stamp?.hash === current.hash && fs.existsSync(ENTRY_POINT);
if (process.argv.includes("--check")) {
  console.error(upToDate ? "dist/ is current" : "dist/ is out of date: run `npm run build`");
  process.exit(upToDate ? 0 : 1);
}
if (!upToDate) {
  compile(force || stamp?.files !== current.files);
  fs.writeFileSync(stampFile, JSON.stringify(current) + "\n");
}
