// Jest global setup: compile once, so tests that run the command-line tools and `dist/src/main.js` (as
// `npm start` does) exercise the code under test, and parallel test files never race to build.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = function build() {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: path.join(__dirname, "..", ".."),
    stdio: "inherit",
  });
};
