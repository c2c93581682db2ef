import type { DataSource } from "typeorm";
import { rowsByIdOf, rowsByKey } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { AnnualTheme } from "./annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "./theme-pillar.entity";

/** Factories of the per-request loaders of annual themes, pillars and focus areas (built on first use: see `createLoaders`). */
export function createThemeLoaders(dataSource: DataSource) {
  const themes = readerOf(dataSource, AnnualTheme);
  const pillars = readerOf(dataSource, ThemePillar);
  const focusAreas = readerOf(dataSource, ThemePillarFocusArea);
  return {
    themeById: rowsByIdOf(themes),
    pillarById: rowsByIdOf(pillars),
    pillarsByThemeId: () =>
      rowsByKey(
        (themeIds: readonly number[]) => pillars.where("theme_id", themeIds, `"t"."theme_id", "t"."position"`),
        (pillar) => pillar.themeId,
      ),
    focusAreasByPillarId: () =>
      rowsByKey(
        (pillarIds: readonly number[]) => focusAreas.where("pillar_id", pillarIds, `"t"."pillar_id", "t"."position"`),
        (area) => area.pillarId,
      ),
  };
}
