import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../platform/context";
import { loadRequired } from "../../platform/db/loaders";
import { ConnectionArgs, toPageRequest } from "../../platform/db/pagination";
import { AnnualTheme } from "./annual-theme.entity";
import { ThemePillar } from "./theme-pillar.entity";
import {
  CreateThemeInput,
  CreateThemePillarInput,
  DeleteThemeInput,
  DeleteThemePillarInput,
  UpdateThemeInput,
  UpdateThemePillarInput,
} from "./theme.mutation-inputs";
import { AnnualThemeConnection } from "./theme.types";
import { ThemeMutations } from "./theme.mutations";
import { ThemeService } from "./theme.service";
import { Language, languageCodeOf } from "../translation/translation.enums";
import { translatedFocusAreas } from "../translation/translation.text";

const CreateThemePayload = payloadType("CreateTheme", AnnualTheme, "theme", "The theme that was created.");
const UpdateThemePayload = payloadType("UpdateTheme", AnnualTheme, "theme", "The theme after the update.");
const CreateThemePillarPayload = payloadType("CreateThemePillar", ThemePillar, "pillar", "The pillar that was added.");
const UpdateThemePillarPayload = payloadType(
  "UpdateThemePillar",
  ThemePillar,
  "pillar",
  "The pillar after the update.",
);

@Resolver(() => AnnualTheme)
export class ThemeResolver {
  constructor(
    private readonly themeService: ThemeService,
    private readonly themeMutations: ThemeMutations,
  ) {}

  @Query(() => AnnualThemeConnection, { description: "The WCO's annual themes, newest year first." })
  themes(@Args() page: ConnectionArgs) {
    return this.themeService.list(toPageRequest(page));
  }

  @Query(() => AnnualTheme, { nullable: true, description: "The theme of this year; null when none is recorded." })
  theme(@Arg("year", () => Int, { description: "The year, e.g. 2021." }) year: number): Promise<AnnualTheme | null> {
    return this.themeService.findByYear(year);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateThemePayload, { description: "Records the WCO theme of a year, with its pillars." })
  createTheme(@Arg("input") input: CreateThemeInput, @Ctx() ctx: GatewayContext) {
    return this.themeMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateThemePayload, { description: "Changes a theme's year or title." })
  updateTheme(@Arg("input") input: UpdateThemeInput, @Ctx() ctx: GatewayContext) {
    return this.themeMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a theme with its pillars; see `cascade` for what refers to them.",
  })
  deleteTheme(@Arg("input") input: DeleteThemeInput, @Ctx() ctx: GatewayContext) {
    return this.themeMutations.delete(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateThemePillarPayload, { description: "Adds a pillar to a theme, at the end or at `position`." })
  createThemePillar(@Arg("input") input: CreateThemePillarInput, @Ctx() ctx: GatewayContext) {
    return this.themeMutations.createPillar(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateThemePillarPayload, { description: "Renames, moves or changes the focus areas of a pillar." })
  updateThemePillar(@Arg("input") input: UpdateThemePillarInput, @Ctx() ctx: GatewayContext) {
    return this.themeMutations.updatePillar(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: "Deletes a pillar and closes the gap in the order; see `cascade`." })
  deleteThemePillar(@Arg("input") input: DeleteThemePillarInput, @Ctx() ctx: GatewayContext) {
    return this.themeMutations.deletePillar(actorOf(ctx), input);
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
  async focusAreas(
    @Root() pillar: ThemePillar,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, {
      nullable: true,
      description:
        "Language to answer in, instead of the request's (`Accept-Language`). Without a translation into it, each focus area as stored.",
    })
    lang?: Language | null,
  ): Promise<string[]> {
    const areas = await ctx.loaders.focusAreasByPillarId.load(pillar.id);
    return translatedFocusAreas(
      ctx,
      pillar.id,
      areas.map((area) => area.description),
      languageCodeOf(lang),
    );
  }
}
