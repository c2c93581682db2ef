import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CLI_ACTOR } from "../../src/platform/auth/actor";
import { withDatabase } from "../../src/app/cli/cli-data-source";
import { directorySections } from "../../src/app/features";
import { MutationRunner } from "../../src/platform/db/mutation";
import { DirectoryService } from "../../src/modules/directory/directory.service";
import { REGION_SEED } from "../paths";
import type { RegionJson } from "./directory-json";
import type { MeetingFacts } from "./synthetic";
import { GENERATOR_VERSION, SyntheticDirectory } from "./synthetic";

/*
 * Builds one synthetic SQLite database through the product's own import path: the same
 * `DirectoryService.import` (validation, one audited transaction per file) that `npm run import` uses,
 * one directory file per chunk of meetings. Run as a child process by the bench (see cache.ts), or by hand:
 *
 *   node dist/bench/generate/generate.js --scale 1000 --seed 1 --out /tmp/bench.sqlite [--json-dir DIR]
 *
 * `--json-dir` also writes the directory files, for `npm run import -- DIR/0001.json`.
 */

export interface GenerationMeta {
  scale: number;
  seed: number;
  generatorVersion: number;
  chunkSize: number;
  files: number;
  /** Building the directory files in memory (not part of the import). */
  generateMs: number;
  /** Wall time of all `DirectoryService.import` calls: validation plus the transaction. */
  importMs: number;
  /** The meeting files only, per meeting. */
  importMsPerMeeting: number;
  /** Import time of each meeting file, in order: growth shows the import slowing as the database grows. */
  chunkImportMs: number[];
  counts: Record<string, number>;
  fileBytes: number;
  /** Dated meetings with a host and a region, evenly spread over the list: Q1 picks from these. */
  probeSlugs: string[];
  /** Meetings whose answer holds nulls, for the response-equality checks. */
  nullSlugs: { noHost?: string; noRegion?: string; undated?: string };
  measuredAt: string;
  nodeVersion: string;
}

const COUNTED_TABLES = [
  "region",
  "member",
  "person",
  "appointment",
  "annual_theme",
  "theme_pillar",
  "meeting",
  "participation",
  "agenda_item",
  "agenda_item_speaker",
  "agenda_item_topic",
  "topic",
  "source",
];
const PROBES = 1000;

function pickProbes(facts: MeetingFacts[]): Pick<GenerationMeta, "probeSlugs" | "nullSlugs"> {
  const full = facts.filter((f) => f.hasHost && f.hasRegion && f.dated);
  const step = Math.max(1, Math.floor(full.length / PROBES));
  const probeSlugs = full
    .filter((_, i) => i % step === 0)
    .slice(0, PROBES)
    .map((f) => f.slug);
  return {
    probeSlugs,
    nullSlugs: {
      noHost: facts.find((f) => f.hasRegion && !f.hasHost)?.slug,
      noRegion: facts.find((f) => !f.hasRegion)?.slug,
      undated: facts.find((f) => !f.dated)?.slug,
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      seed: { type: "string", default: "1" },
      out: { type: "string" },
      meta: { type: "string" },
      chunk: { type: "string", default: "2500" },
      "json-dir": { type: "string" },
    },
  });
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const chunkSize = Number(values.chunk);
  if (!Number.isInteger(scale) || scale < 1 || !Number.isInteger(seed) || !values.out || !(chunkSize > 0)) {
    console.error(
      "usage: generate.js --scale N --seed S --out file.sqlite [--meta file.json] [--chunk 2500] [--json-dir DIR]",
    );
    process.exitCode = 2;
    return;
  }
  const out = path.resolve(values.out);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(out + suffix, { force: true });
  const jsonDir = values["json-dir"] ? path.resolve(values["json-dir"]) : null;
  if (jsonDir) fs.mkdirSync(jsonDir, { recursive: true });

  const regions = (JSON.parse(fs.readFileSync(REGION_SEED, "utf8")) as { regions: RegionJson[] }).regions;
  let generateMs = 0;
  let importMs = 0;
  let meetingImportMs = 0;
  let files = 0;
  const chunkImportMs: number[] = [];
  const facts: MeetingFacts[] = [];
  let counts: Record<string, number> = {};

  // DATABASE_URL is what the import command line reads too (src/app/cli/cli-data-source.ts).
  process.env.DATABASE_URL = out;
  await withDatabase(async (dataSource) => {
    const directory = new DirectoryService(dataSource, new MutationRunner(dataSource), directorySections);
    const importFile = async (file: object, isMeetings: boolean) => {
      files += 1;
      if (jsonDir) fs.writeFileSync(path.join(jsonDir, `${String(files).padStart(4, "0")}.json`), JSON.stringify(file));
      const started = performance.now();
      await directory.import(CLI_ACTOR, file, { dryRun: false, path: `file ${files}` });
      const ms = performance.now() - started;
      importMs += ms;
      if (isMeetings) {
        meetingImportMs += ms;
        chunkImportMs.push(Math.round(ms));
      }
    };

    let started = performance.now();
    const synthetic = new SyntheticDirectory(seed, regions);
    const reference = synthetic.referenceFile();
    generateMs += performance.now() - started;
    await importFile(reference, false);

    let lastShown = 0;
    for (let start = 0; start < scale; start += chunkSize) {
      started = performance.now();
      const chunk = synthetic.meetingFile(start, Math.min(scale, start + chunkSize));
      generateMs += performance.now() - started;
      facts.push(...chunk.facts);
      await importFile(chunk.file, true);
      if (Date.now() - lastShown > 2000 || start + chunkSize >= scale) {
        lastShown = Date.now();
        const done = Math.min(scale, start + chunkSize);
        process.stderr.write(
          `  [generate ${scale}] ${done}/${scale} meetings imported, ${(importMs / 1000).toFixed(1)} s so far\n`,
        );
      }
    }
    for (const table of COUNTED_TABLES) {
      const [row] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[];
      counts = { ...counts, [table]: Number(row?.n ?? 0) };
    }
  });

  const meta: GenerationMeta = {
    scale,
    seed,
    generatorVersion: GENERATOR_VERSION,
    chunkSize,
    files,
    generateMs: Math.round(generateMs),
    importMs: Math.round(importMs),
    importMsPerMeeting: Number((meetingImportMs / scale).toFixed(3)),
    chunkImportMs,
    counts,
    fileBytes: fs.statSync(out).size,
    ...pickProbes(facts),
    measuredAt: new Date().toISOString(),
    nodeVersion: process.version,
  };
  if (values.meta) fs.writeFileSync(values.meta, JSON.stringify(meta, null, 2));
  else console.log(JSON.stringify(meta, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const problems = (error as { extensions?: { problems?: { path: string; message: string }[] } }).extensions?.problems;
  for (const problem of problems?.slice(0, 20) ?? []) console.error(`  ${problem.path}: ${problem.message}`);
  process.exitCode = 1;
});
