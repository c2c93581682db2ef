import { defineFeature } from "../../platform/feature-module";
import { AnnualTheme } from "./annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "./theme-pillar.entity";
import { createThemeLoaders } from "./theme.loaders";
import { ThemeMutations } from "./theme.mutations";
import { ThemePillarResolver, ThemeResolver } from "./theme.resolver";
import { ThemeService } from "./theme.service";

/** The WCO's annual themes and their pillars. */
export const themeFeature = defineFeature({
  name: "theme",
  entities: [AnnualTheme, ThemePillar, ThemePillarFocusArea],
  resolvers: [ThemeResolver, ThemePillarResolver],
  services: ({ reader, engine, mutations }) => [new ThemeService(reader, engine), new ThemeMutations(mutations)],
  loaders: createThemeLoaders,
  nodes: { AnnualTheme: { loader: "themeById" }, ThemePillar: { loader: "pillarById" } },
  listSizes: { "AnnualTheme.pillars": 5 },
});
