import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { FieldProblem } from "../common/errors";

/*
 * A feature's part of the directory file (src/modules/directory/): a top-level section of its own (`venues`) and
 * the fields it adds to every meeting record (`venue`, `onlineLink`). The directory module knows no such feature:
 * it builds the file's JSON Schema, normalisation, checks, import and export from the sections the feature list
 * hands it (src/app/features.ts), so a feature with a section of its own needs no edit there. The platform may
 * not know the features' records, so this interface speaks of plain JSON objects; a feature's own code keeps its
 * precise types and reads the validated file through them.
 */

/** A JSON object of a directory file (the file, a section's record, a meeting record), after validation. */
export type DirectoryRecord = Readonly<Record<string, unknown>>;

/** A JSON Schema, as Ajv compiles it (src/modules/directory/directory-file.ts). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Where the API's normalising rules (src/common/input-rules.ts) apply, by name: a string, each item of a list,
 * or named fields of a record (src/modules/directory/directory-normalise.ts).
 */
export type NormalisationPlan =
  | "text"
  | "isoCode"
  | "url"
  | "timeZone"
  | { readonly each: NormalisationPlan }
  | { readonly fields: Readonly<Record<string, NormalisationPlan>> };

/** Inserts a row, or updates the columns that differ, counting the change under `name` in the import's report. */
export type DirectoryUpsert = <T extends ObjectLiteral & { id: number }>(
  entity: EntityTarget<T>,
  name: string,
  existing: T | undefined,
  values: Partial<T>,
) => Promise<T>;

/** What a section's import works with: the import's transaction, its upsert, and its list of problems. */
export interface DirectoryImportContext {
  readonly em: EntityManager;
  readonly upsert: DirectoryUpsert;
  /** Problems found while applying (an unknown reference): the whole file is refused once it is applied. */
  readonly problems: FieldProblem[];
}

/** One import of one file: created per import, so that it may remember what it applied and resolved. */
export interface DirectorySectionImport {
  /** Applies the section's value (absent: `undefined`), after the directory's own sections, before meetings. */
  apply(value: unknown, file: DirectoryRecord): Promise<void>;
  /** Runs once every section is applied and before any meeting is (series: frees the session numbers it moves). */
  beforeMeetings?(file: DirectoryRecord): Promise<void>;
  /** Runs once every meeting is applied (translations: of meetings and agenda items the file creates). */
  afterMeetings?(file: DirectoryRecord): Promise<void>;
  /** The columns of the meeting a record describes that the feature owns; a bad reference goes to `problems`. */
  meetingColumns?(record: DirectoryRecord, path: string): Promise<object>;
}

/** The feature's part of an export: its section's value, and what it writes on each meeting. */
export interface DirectorySectionExport {
  /** The section's value, in an order fixed by natural keys (round-trip byte-identical). */
  readonly value: unknown;
  /** The fields the feature writes on the meeting record of `meeting` (a Meeting entity). */
  meetingFields?(meeting: object): object;
}

/** What a feature contributes to the directory file; registered as its FeatureModule's `directory`. */
export interface DirectorySection {
  /** The section's top-level key in the file (`venues`): one feature's, and no key of the directory's own. */
  readonly key: string;
  /** The JSON Schema of the section's value (nullable: a section is optional). */
  readonly schema: JsonSchema;
  /** The JSON Schema properties the feature adds to meeting records, by field name. */
  readonly meetingSchema?: Readonly<Record<string, JsonSchema>>;
  /** What to normalise in the section's value. */
  readonly normalise?: NormalisationPlan;
  /** What to normalise in the fields the feature adds to meeting records, by field name. */
  readonly meetingNormalise?: Readonly<Record<string, NormalisationPlan>>;
  /** What the schema cannot say, by the feature's rules, with paths in the file (`venues[2].slug`). */
  fileProblems?(file: DirectoryRecord): FieldProblem[];
  /**
   * What the file would collide with in the stored data, read before anything is written: CONFLICT, and the
   * file is refused whole.
   */
  conflicts?(em: EntityManager, file: DirectoryRecord): Promise<FieldProblem[]>;
  /** Starts one import, within its transaction. */
  importer(context: DirectoryImportContext): DirectorySectionImport;
  /** Reads the feature's part of the directory for an export. */
  exporter(em: EntityManager): Promise<DirectorySectionExport>;
}
