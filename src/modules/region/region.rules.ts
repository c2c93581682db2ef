import type { FieldProblem } from "../../common/errors";

/*
 * The rules of a region, in one place: the column (region.entity.ts), the input's decorators (region.inputs.ts),
 * the directory file's JSON Schema (src/modules/directory/directory-file.ts), the mutations and the importer all take
 * them from here.
 */

/** Longest (and, for the code, shortest) texts a region holds, in code points. */
export const REGION_LIMITS = {
  code: { min: 2, max: 40 },
  name: 200,
} as const;

/** A region's code: upper case letters, digits and `_`, starting with a letter (`AMERICAS_CARIBBEAN`). */
export const REGION_CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
export const REGION_CODE_MESSAGE = "must be upper case letters, digits and _";

/** A code is a region's natural key: the second region with the same code is refused. */
export function regionCodeTaken(code: string, path: string): FieldProblem {
  return { path, message: `a region with code ${code} already exists` };
}
