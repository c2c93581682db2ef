import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context";
import { loadRequired } from "../../common/loaders";
import { ConnectionArgs, toPageRequest } from "../../common/pagination";
import type { Services } from "../../services";
import { AnnualTheme } from "./annual-theme.entity";
import { ThemePillar } from "./theme-pillar.entity";
import { AnnualThemeConnection } from "./theme.types";

@Resolver(() => AnnualTheme)
export class ThemeResolver {
  constructor(private readonly services: Services) {}

  @Query(() => AnnualThemeConnection, { description: "The WCO's annual themes, newest year first." })
  themes(@Args() page: ConnectionArgs) {
    return this.services.themes.list(toPageRequest(page));
  }

  @Query(() => AnnualTheme, { nullable: true, description: "The theme of this year; null when none is recorded." })
  theme(@Arg("year", () => Int, { description: "The year, e.g. 2021." }) year: number): Promise<AnnualTheme | null> {
    return this.services.themes.findByYear(year);
  }

  @FieldResolver(() => [ThemePillar], { description: "The theme's pillars, in order." })
  pillars(@Root() theme: AnnualTheme, @Ctx() ctx: GatewayContext): Promise<ThemePillar[]> {
    return ctx.loaders.pillarsByThemeId.load(theme.id);
  }
}

@Resolver(() => ThemePillar)
export class ThemePillarResolver {
  @FieldResolver(() => AnnualTheme, { description: "The theme this pillar belongs to." })
  theme(@Root() pillar: ThemePillar, @Ctx() ctx: GatewayContext): Promise<AnnualTheme> {
    return loadRequired(ctx.loaders.themeById, pillar.themeId, "AnnualTheme");
  }

  @FieldResolver(() => [String], {
    description: "What the pillar focuses on, in order, e.g. `Innovative facilitation approach`, `E-Commerce`.",
  })
  async focusAreas(@Root() pillar: ThemePillar, @Ctx() ctx: GatewayContext): Promise<string[]> {
    const areas = await ctx.loaders.focusAreasByPillarId.load(pillar.id);
    return areas.map((area) => area.description);
  }
}
