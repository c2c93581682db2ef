import fs from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { DATA_DIR, ROOT } from "../paths";
import { renderDocument } from "./markdown";
import { renderChart } from "./svg";
import type { BenchResults } from "./types";

/**
 * The latest run of the peer bench (../shared/peer-bench, run by hand: it needs the peers' own installs), with its
 * date, commit and command; copied into docs/benchmarks.md by every published run so a re-run does not drop it.
 */
export const PEERS_FILE = path.join(ROOT, "bench", "peers.md");

/**
 * The measurements behind design choices that source comments refer to (written by hand, not by a run); copied
 * into docs/benchmarks.md by every published run, like the peer bench.
 */
export const DESIGN_MEASUREMENTS_FILE = path.join(ROOT, "bench", "design-measurements.md");

export interface WrittenReport {
  results: string;
  chart: string;
  document: string;
}

/** Formats with the project's Prettier settings, so `npm run check:format` stays green. */
async function formatted(file: string, text: string, parser: "json" | "markdown"): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, parser });
}

/**
 * Writes results.json, the SVG chart and the Markdown report. A published run (every full run, or a quick
 * run with --publish) updates bench/results.json, bench/latency.svg and docs/benchmarks.md; other quick
 * runs write under bench/.data/quick/ and leave the committed files alone.
 */
export async function writeReport(results: BenchResults, publish: boolean): Promise<WrittenReport> {
  const files = publish
    ? {
        results: path.join(ROOT, "bench", "results.json"),
        chart: path.join(ROOT, "bench", "latency.svg"),
        document: path.join(ROOT, "docs", "benchmarks.md"),
      }
    : {
        results: path.join(DATA_DIR, "quick", "results.json"),
        chart: path.join(DATA_DIR, "quick", "latency.svg"),
        document: path.join(DATA_DIR, "quick", "benchmarks.md"),
      };
  for (const file of Object.values(files)) fs.mkdirSync(path.dirname(file), { recursive: true });
  const relative = (file: string) => path.relative(path.dirname(files.document), file).split(path.sep).join("/");

  fs.writeFileSync(files.results, await formatted(files.results, JSON.stringify(results), "json"));
  const title = `Customs Events Gateway, ${results.mode} run of ${results.startedAt.slice(0, 10)}`;
  fs.writeFileSync(files.chart, renderChart(results.scales, results.settings.connections, title));
  const peers = fs.existsSync(PEERS_FILE) ? fs.readFileSync(PEERS_FILE, "utf8") : undefined;
  const design = fs.existsSync(DESIGN_MEASUREMENTS_FILE)
    ? fs.readFileSync(DESIGN_MEASUREMENTS_FILE, "utf8")
    : undefined;
  const document = renderDocument(results, relative(files.chart), relative(files.results), peers, design);
  fs.writeFileSync(files.document, await formatted(files.document, document, "markdown"));
  return files;
}
