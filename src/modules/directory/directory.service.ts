import type { DataSource } from "typeorm";
import { BadUserInputError, ConflictError, ResultTooLargeError } from "../../common/errors";
import { Meeting } from "../meeting/meeting.entity";
import type { Actor, MutationRunner } from "../../platform/db/mutation";
import type { DirectorySection } from "../../platform/directory-section";
import type { ChangeReport } from "./directory-apply";
import { applyDirectoryAs } from "./directory-apply";
import { DirectoryConflictError } from "./directory-conflicts";
import type { DirectoryFile } from "./directory-file";
import { exportDirectory } from "./directory-export";
import { DirectoryValidationError, shapeValidator, validateDirectoryFile } from "./directory-validation";
import type { ImportDirectoryPayload } from "./directory.types";

export class DirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mutations: MutationRunner,
    /** Every feature's part of the file (src/app/features.ts: directorySections). */
    private readonly sections: readonly DirectorySection[],
    /** Most meetings `exportDirectory` answers with (see exportForResponse). */
    private readonly maxExportMeetings = 5_000,
  ) {
    // Compiles the file's schema now: a section or meeting field two features declare stops the start.
    shapeValidator(sections);
  }

  /**
   * Validates the whole file, then applies it as one mutation (lock, transaction, audit entry `Directory`
   * `import`): all of it or nothing. A dry run reports the same counts and rolls back.
   */
  async import(
    actor: Actor,
    content: unknown,
    options: { dryRun: boolean; path?: string; onProgress?: (done: number, total: number) => void },
  ): Promise<ImportDirectoryPayload> {
    const path = options.path ?? "input.directory";
    let file: DirectoryFile;
    try {
      file = validateDirectoryFile(content, this.sections);
    } catch (error) {
      throw this.asInputError(error, path);
    }
    let report: ChangeReport;
    try {
      report = await applyDirectoryAs(this.mutations, actor, "importDirectory", file, this.sections, {
        dryRun: options.dryRun,
        onProgress: options.onProgress,
        label: "import",
      });
    } catch (error) {
      throw this.asInputError(error, path);
    }
    return { dryRun: options.dryRun, totalChanges: report.total, changes: report.entries };
  }

  export(): Promise<DirectoryFile> {
    return exportDirectory(this.dataSource, this.sections);
  }

  /**
   * The directory for a GraphQL response, up to `maxExportMeetings` meetings (MAX_EXPORT_MEETINGS). A large
   * directory is hundreds of megabytes of JSON: built in the gateway's memory (whose heap `npm start`
   * bounds) and sent as one response, it would take the gateway down for everyone. `npm run export`, a
   * process of its own without that bound, writes any size to a file.
   */
  async exportForResponse(): Promise<DirectoryFile> {
    const meetings = await this.dataSource.getRepository(Meeting).count();
    if (meetings > this.maxExportMeetings) {
      throw new ResultTooLargeError(
        `The directory holds ${meetings} meetings; exportDirectory answers up to ${this.maxExportMeetings}. Use \`npm run export\` on the server instead.`,
        { meetings, limit: this.maxExportMeetings },
      );
    }
    return this.export();
  }

  private asInputError(error: unknown, path: string): unknown {
    const at = (problemPath: string) => (problemPath ? `${path}.${problemPath}` : path);
    if (error instanceof DirectoryConflictError) {
      // As deleteThemePillar answers, with the path of each list in the file and what still refers to it.
      const problems = error.conflicts.map((conflict) => ({ ...conflict, path: at(conflict.path) }));
      return new ConflictError(
        `The directory file would remove what stored data still refers to: ${problems.length} conflict(s), nothing was imported`,
        { problems, references: error.referenceCounts },
      );
    }
    if (!(error instanceof DirectoryValidationError)) return error;
    const problems = error.problems.map((p) => ({ ...p, path: at(p.path) }));
    return new BadUserInputError(
      `The directory file is invalid: ${problems.length} problem(s), nothing was imported`,
      problems,
    );
  }
}
