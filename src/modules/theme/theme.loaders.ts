import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { rowsById, rowsByKey } from "../../common/loaders";
import { AnnualTheme } from "./annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "./theme-pillar.entity";

export function createThemeLoaders(dataSource: DataSource) {
  const themes = dataSource.getRepository(AnnualTheme);
  const pillars = dataSource.getRepository(ThemePillar);
  const focusAreas = dataSource.getRepository(ThemePillarFocusArea);
  return {
    themeById: rowsById((ids) => themes.findBy({ id: In([...ids]) })),
    pillarById: rowsById((ids) => pillars.findBy({ id: In([...ids]) })),
    pillarsByThemeId: rowsByKey(
      (themeIds: readonly number[]) =>
        pillars.find({ where: { themeId: In([...themeIds]) }, order: { themeId: "ASC", position: "ASC" } }),
      (pillar) => pillar.themeId,
    ),
    focusAreasByPillarId: rowsByKey(
      (pillarIds: readonly number[]) =>
        focusAreas.find({ where: { pillarId: In([...pillarIds]) }, order: { pillarId: "ASC", position: "ASC" } }),
      (area) => area.pillarId,
    ),
  };
}
