import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..");
const CONFIG = path.join(ROOT, ".config", "dependency-cruiser.cjs");
const DEPCRUISE = path.join(ROOT, "node_modules", ".bin", "depcruise");

/** Runs the layering check (as CI does) in `cwd`; its report and whether it passed. */
function checkLayers(cwd: string): { passed: boolean; report: string } {
  try {
    const report = execFileSync(DEPCRUISE, ["src", "--config", CONFIG, "--output-type", "err"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { passed: true, report };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { passed: false, report: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

/** A throw-away tree of TypeScript files, with the tsconfig the check resolves imports through. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "node16" } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("the layering check (npm run check:layers)", () => {
  it("passes on the gateway's own source", () => {
    const { passed, report } = checkLayers(ROOT);
    expect(report).toContain("no dependency violations");
    expect(passed).toBe(true);
  });

  it("refuses a platform file that imports a feature, and a feature that imports the composition root", () => {
    const dir = tree({
      "src/app/main.ts": 'import "../modules/meeting/meeting.service";\nimport "../platform/db/reader";\n',
      "src/modules/meeting/meeting.service.ts": 'import "../../app/features";\nexport const x = 1;\n',
      "src/app/features.ts": "export const y = 1;\n",
      "src/platform/db/reader.ts": 'import "../../modules/meeting/meeting.service";\nexport const z = 1;\n',
    });
    try {
      const { passed, report } = checkLayers(dir);
      expect(passed).toBe(false);
      expect(report).toContain(
        "platform-imports-upward: src/platform/db/reader.ts → src/modules/meeting/meeting.service.ts",
      );
      expect(report).toContain("modules-imports-upward: src/modules/meeting/meeting.service.ts → src/app/features.ts");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses common code that imports the platform, and one feature reaching into another's resolvers", () => {
    const dir = tree({
      "src/app/main.ts": 'import "../modules/agenda/agenda.service";\nimport "../common/errors";\n',
      "src/common/errors.ts": 'import "../platform/logger";\nexport const e = 1;\n',
      "src/platform/logger.ts": "export const l = 1;\n",
      "src/modules/agenda/agenda.service.ts": 'import "../meeting/meeting.resolver";\nexport const a = 1;\n',
      "src/modules/meeting/meeting.resolver.ts": "export const r = 1;\n",
    });
    try {
      const { passed, report } = checkLayers(dir);
      expect(passed).toBe(false);
      expect(report).toContain("common-imports-upward: src/common/errors.ts → src/platform/logger.ts");
      expect(report).toContain(
        "module-imports-another-modules-internals: src/modules/agenda/agenda.service.ts → src/modules/meeting/meeting.resolver.ts",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
