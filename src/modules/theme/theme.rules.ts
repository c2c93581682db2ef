import type { FieldProblem } from "../../common/errors";

/*
 * The rules of annual themes and their pillars, in one place: the columns, the inputs' decorators, the
 * directory file's JSON Schema (src/modules/directory/directory-file.ts), the mutations and the importer all take them
 * from here.
 */

/** A theme's title length in code points, the years a theme may have (the WCO's first year is 1952), its pillars. */
export const THEME_LIMITS = {
  title: 300,
  year: { min: 1952, max: 2200 },
  pillars: 20,
} as const;

/** A pillar's name and each focus area's length in code points, and how many focus areas a pillar lists. */
export const PILLAR_LIMITS = {
  name: 120,
  focusArea: 300,
  focusAreas: 50,
} as const;

/** A year is a theme's natural key: one theme per year. */
export function themeYearTaken(year: number, path: string): FieldProblem {
  return { path, message: `${year} already has a theme` };
}

/** A pillar's name is its natural key within its theme (agenda items in a directory file name pillars by it). */
export function pillarNameTaken(name: string, path: string): FieldProblem {
  return { path, message: `the theme already has a pillar ${name}` };
}
