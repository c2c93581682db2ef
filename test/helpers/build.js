// Jest global setup: bring dist/ up to date once (scripts/build.mjs, a no-op when nothing changed), so tests
// that run the command-line tools and `dist/src/app/main.js` (as `npm start` does) exercise the code under test,
// and parallel test files never race to build. Under
// TEST_ENGINE=postgres, also check that the server of TEST_POSTGRES_URL answers (one clear message instead
// of every test failing) and drop test databases left behind by test processes that no longer exist.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

async function preparePostgres() {
  require("reflect-metadata");
  const { DataSource } = require("typeorm");
  const url = process.env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/test";
  const admin = new DataSource({ type: "postgres", url, poolSize: 1, connectTimeoutMS: 5000 });
  try {
    await admin.initialize();
  } catch (error) {
    throw new Error(`TEST_ENGINE=postgres, but PostgreSQL at ${url} does not answer: ${error.message}`);
  }
  try {
    const rows = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'ceg\\_test\\_%'`);
    // ceg_test_<pid>_<unix seconds>_<random>: left behind when its process is gone and it is over an hour
    // old (the age guards against a process id from another machine or container sharing the server).
    for (const { datname } of rows) {
      const [, , pid, created] = datname.split("_").map(Number);
      const stale = Number.isInteger(pid) && !alive(pid) && Date.now() / 1000 - created > 3600;
      if (stale) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.destroy();
  }
}

module.exports = async function globalSetup() {
  execFileSync(process.execPath, [path.join("scripts", "build.mjs")], {
    cwd: path.join(__dirname, "..", ".."),
    stdio: "inherit",
  });
  if (process.env.TEST_ENGINE === "postgres") await preparePostgres();
};
