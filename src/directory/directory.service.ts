import type { DataSource } from "typeorm";
import { BadUserInputError } from "../common/errors";
import type { Actor, MutationRunner } from "../common/mutation";
import type { ChangeReport } from "./directory-apply";
import { DryRunRollback, applyDirectoryWith } from "./directory-apply";
import type { DirectoryFile } from "./directory-file";
import { exportDirectory } from "./directory-export";
import { DirectoryValidationError, validateDirectoryFile } from "./directory-validation";
import type { ImportDirectoryPayload } from "./directory.types";

export class DirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mutations: MutationRunner,
  ) {}

  /**
   * Validates the whole file, then applies it in one audited transaction: all of it or nothing. A dry run
   * reports the same counts and rolls back.
   */
  async import(
    actor: Actor,
    content: unknown,
    options: { dryRun: boolean; path?: string; onProgress?: (done: number, total: number) => void },
  ): Promise<ImportDirectoryPayload> {
    const path = options.path ?? "input.directory";
    let file: DirectoryFile;
    try {
      file = validateDirectoryFile(content);
    } catch (error) {
      throw this.asInputError(error, path);
    }
    let report: ChangeReport;
    try {
      report = await this.mutations.run(actor, "importDirectory", async (tx) => {
        const changes = await applyDirectoryWith(tx.em, file, options.onProgress);
        if (options.dryRun) throw new DryRunRollback(changes);
        tx.record("Directory", "import", null, { totalChanges: changes.total, changes: changes.entries });
        return changes;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) report = error.report;
      else throw this.asInputError(error, path);
    }
    return { dryRun: options.dryRun, totalChanges: report.total, changes: report.entries };
  }

  export(): Promise<DirectoryFile> {
    return exportDirectory(this.dataSource);
  }

  private asInputError(error: unknown, path: string): unknown {
    if (!(error instanceof DirectoryValidationError)) return error;
    const problems = error.problems.map((p) => ({ ...p, path: p.path ? `${path}.${p.path}` : path }));
    return new BadUserInputError(
      `The directory file is invalid: ${problems.length} problem(s), nothing was imported`,
      problems,
    );
  }
}
