import fs from "node:fs";
import path from "node:path";
import semver from "semver";

/*
 * `engines` in package.json is a promise to whoever installs the gateway: every Node.js version it admits can
 * install every locked dependency without npm's EBADENGINE warning (or, with engine-strict, an error). The
 * oldest admitted version is the one a dependency upgrade breaks first, so that is the one checked.
 */

const ROOT = path.join(__dirname, "..");

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
  optional?: boolean;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockedPackage>;
};

describe("the declared Node.js engine", () => {
  const declared = manifest.engines.node;
  const oldest = semver.minVersion(declared)!;

  it("admits the Node.js this runs on and the major version .nvmrc names", () => {
    expect(semver.satisfies(process.version, declared)).toBe(true);
    const nvmrc = fs.readFileSync(path.join(ROOT, ".nvmrc"), "utf8").trim();
    expect(semver.intersects(`^${nvmrc}`, declared)).toBe(true);
  });

  it(`lets its oldest version (${oldest.version}) install every locked package without EBADENGINE`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([location]) => location !== "")
      .flatMap(([location, locked]) => {
        const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
        if (!range || semver.satisfies(oldest, range, { includePrerelease: true })) return [];
        return [`${location.replace(/^.*node_modules\//, "")}@${locked.version} needs node ${range}`];
      });
    expect(refusing).toEqual([]);
  });
});
