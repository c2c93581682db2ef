// Writes the run's totals to test-output/totals-<engine>.json (sqlite, or postgres under TEST_ENGINE=postgres)
// so that .ci/run can add up both runs into the one line CI reads.
const fs = require("node:fs");
const path = require("node:path");

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, "..", "..", "test-output");
    fs.mkdirSync(dir, { recursive: true });
    const engine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";
    const totals = {
      engine,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, `totals-${engine}.json`), JSON.stringify(totals));
  }
}

module.exports = TotalsReporter;
