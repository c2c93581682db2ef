import path from "node:path";

/** The project root: this file runs as dist/bench/paths.js. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** Git-ignored working area: cached databases, working copies, quick-run results. */
export const DATA_DIR = path.join(ROOT, "bench", ".data");
export const CACHE_DIR = path.join(DATA_DIR, "cache");
export const WORK_DIR = path.join(DATA_DIR, "work");
export const GATEWAY_MAIN = path.join(ROOT, "dist", "src", "app", "main.js");
export const TOKEN_CLI = path.join(ROOT, "dist", "src", "app", "cli", "token.js");
export const GENERATOR_CLI = path.join(ROOT, "dist", "bench", "generate", "generate.js");
export const BASELINE_SERVER = path.join(ROOT, "dist", "bench", "baseline", "server.js");
export const REGION_SEED = path.join(ROOT, "seeds", "001-wco-regions.json");
