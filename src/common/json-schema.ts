import { SLUG_PATTERN } from "./input-rules";

/*
 * Building blocks of the directory file's JSON Schema (compiled by Ajv): the directory's own part
 * (src/modules/directory/directory-file.ts) and each feature's section use the same ones, so a slug or an
 * optional text is described — and refused, with the same message — alike wherever it stands.
 */

/** A slug, as the API's rule spells it. */
export const SLUG = SLUG_PATTERN.source;
/** An ISO 3166-1 alpha-2 code's shape (upper case); whether it is on the ISO list is the rules' check. */
export const ISO_CODE = "^[A-Z]{2}$";

/** Most records a top-level list of a directory file may hold. */
export const MAX_SECTION_RECORDS = 100_000;

export const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength }) as const;
export const optionalText = (maxLength: number) =>
  ({ type: "string", minLength: 1, maxLength, nullable: true }) as const;
export const pattern = (regex: string, maxLength: number, minLength = 1) =>
  ({ type: "string", pattern: regex, minLength, maxLength }) as const;
export const optionalPattern = (regex: string, maxLength: number, minLength = 1) =>
  ({ type: "string", pattern: regex, minLength, maxLength, nullable: true }) as const;
export const oneOf = <E extends string>(values: E[]) => ({ type: "string", enum: values }) as const;
export const list = <T>(items: T, maxItems: number) => ({ type: "array", items, maxItems }) as const;
export const record = <P extends Record<string, unknown>, const R extends readonly string[]>(
  properties: P,
  required: R,
) => ({ type: "object", properties, required, additionalProperties: false }) as const;
/** A top-level list of records: optional (null or absent), at most MAX_SECTION_RECORDS. */
export const sectionList = <P extends Record<string, unknown>, const R extends readonly string[]>(
  properties: P,
  required: R,
) => ({ ...list(record(properties, required), MAX_SECTION_RECORDS), nullable: true }) as const;
