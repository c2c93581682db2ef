// Writes the run's totals to test-output/totals.json so that .ci/run can print the one line CI reads.
const fs = require("node:fs");
const path = require("node:path");

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, "..", "..", "test-output");
    fs.mkdirSync(dir, { recursive: true });
    const totals = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(dir, "totals.json"), JSON.stringify(totals));
  }
}

module.exports = TotalsReporter;
