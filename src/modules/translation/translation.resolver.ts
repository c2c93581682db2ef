import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { DeletePayload, payloadType } from "../../common/payloads";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import type { GatewayContext } from "../../platform/context";
import { Region } from "../region/region.entity";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Meeting } from "../meeting/meeting.entity";
import { AgendaItem, Topic } from "../agenda/agenda-item.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { MeetingSeries } from "../series/series.entity";
import { Venue } from "../venue/venue.entity";
import { Translation } from "./translation.entity";
import { Language, languageCodeOf } from "./translation.enums";
import { RemoveTranslationInput, SetTranslationInput } from "./translation.mutation-inputs";
import { TranslationMutations } from "./translation.mutations";
import { translated, translatedOptional } from "./translation.text";

/*
 * The translatable fields of every translatable type (translation.rules.ts: TRANSLATABLE), answered in the
 * request's language (translation.text.ts), each with a `lang` argument, and each type's `translations`. The
 * fields stay declared where they are (their entities): these resolvers only answer them. One class per type,
 * written out: each method is one call, and the schema shows each field's argument where it is.
 */

const LANG = {
  nullable: true,
  description:
    "Language to answer in, instead of the request's (`Accept-Language`). Without a translation into it, the text as stored.",
} as const;

const TRANSLATIONS = {
  description: "The translations of this object's texts that exist, by field, then language.",
} as const;

/** Region: `name` translated, and its `translations`. */
@Resolver(() => Region)
export class RegionTranslationResolver {
  @FieldResolver()
  name(
    @Root() region: Region,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Region", region.id, "name", region.name, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() region: Region, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("Region", region.id);
  }
}

/** Member: `name`, `shortName`, `countryName` translated, and its `translations`. */
@Resolver(() => Member)
export class MemberTranslationResolver {
  @FieldResolver()
  name(
    @Root() member: Member,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Member", member.id, "name", member.name, languageCodeOf(lang));
  }

  @FieldResolver()
  shortName(
    @Root() member: Member,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(ctx, "Member", member.id, "shortName", member.shortName, languageCodeOf(lang));
  }

  @FieldResolver()
  countryName(
    @Root() member: Member,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Member", member.id, "countryName", member.countryName, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() member: Member, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("Member", member.id);
  }
}

/** Organisation: `name`, `shortName`, `countryName` translated, and its `translations`. */
@Resolver(() => Organisation)
export class OrganisationTranslationResolver {
  @FieldResolver()
  name(
    @Root() organisation: Organisation,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Organisation", organisation.id, "name", organisation.name, languageCodeOf(lang));
  }

  @FieldResolver()
  shortName(
    @Root() organisation: Organisation,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(
      ctx,
      "Organisation",
      organisation.id,
      "shortName",
      organisation.shortName,
      languageCodeOf(lang),
    );
  }

  @FieldResolver()
  countryName(
    @Root() organisation: Organisation,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(
      ctx,
      "Organisation",
      organisation.id,
      "countryName",
      organisation.countryName,
      languageCodeOf(lang),
    );
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() organisation: Organisation, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("Organisation", organisation.id);
  }
}

/** Meeting: `title`, `summary` translated, and its `translations`. */
@Resolver(() => Meeting)
export class MeetingTranslationResolver {
  @FieldResolver()
  title(
    @Root() meeting: Meeting,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Meeting", meeting.id, "title", meeting.title, languageCodeOf(lang));
  }

  @FieldResolver()
  summary(
    @Root() meeting: Meeting,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(ctx, "Meeting", meeting.id, "summary", meeting.summary, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() meeting: Meeting, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("Meeting", meeting.id);
  }
}

/** AgendaItem: `title`, `summary` translated, and its `translations`. */
@Resolver(() => AgendaItem)
export class AgendaItemTranslationResolver {
  @FieldResolver()
  title(
    @Root() item: AgendaItem,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "AgendaItem", item.id, "title", item.title, languageCodeOf(lang));
  }

  @FieldResolver()
  summary(
    @Root() item: AgendaItem,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(ctx, "AgendaItem", item.id, "summary", item.summary, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() item: AgendaItem, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("AgendaItem", item.id);
  }
}

/** Topic: `name` translated, and its `translations`. */
@Resolver(() => Topic)
export class TopicTranslationResolver {
  @FieldResolver()
  name(
    @Root() topic: Topic,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Topic", topic.id, "name", topic.name, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() topic: Topic, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("Topic", topic.id);
  }
}

/** AnnualTheme: `title` translated, and its `translations`. */
@Resolver(() => AnnualTheme)
export class AnnualThemeTranslationResolver {
  @FieldResolver()
  title(
    @Root() theme: AnnualTheme,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "AnnualTheme", theme.id, "title", theme.title, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() theme: AnnualTheme, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("AnnualTheme", theme.id);
  }
}

/** ThemePillar: `name` translated, and its `translations`. */
@Resolver(() => ThemePillar)
export class ThemePillarTranslationResolver {
  @FieldResolver()
  name(
    @Root() pillar: ThemePillar,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "ThemePillar", pillar.id, "name", pillar.name, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() pillar: ThemePillar, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("ThemePillar", pillar.id);
  }
}

/** MeetingSeries: `name`, `shortName`, `description` translated, and its `translations`. */
@Resolver(() => MeetingSeries)
export class MeetingSeriesTranslationResolver {
  @FieldResolver()
  name(
    @Root() series: MeetingSeries,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "MeetingSeries", series.id, "name", series.name, languageCodeOf(lang));
  }

  @FieldResolver()
  shortName(
    @Root() series: MeetingSeries,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(ctx, "MeetingSeries", series.id, "shortName", series.shortName, languageCodeOf(lang));
  }

  @FieldResolver()
  description(
    @Root() series: MeetingSeries,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(ctx, "MeetingSeries", series.id, "description", series.description, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() series: MeetingSeries, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("MeetingSeries", series.id);
  }
}

/** Venue: `name`, `city` translated, and its `translations`. */
@Resolver(() => Venue)
export class VenueTranslationResolver {
  @FieldResolver()
  name(
    @Root() venue: Venue,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | Promise<string> {
    return translated(ctx, "Venue", venue.id, "name", venue.name, languageCodeOf(lang));
  }

  @FieldResolver()
  city(
    @Root() venue: Venue,
    @Ctx() ctx: GatewayContext,
    @Arg("lang", () => Language, LANG) lang?: Language | null,
  ): string | null | Promise<string | null> {
    return translatedOptional(ctx, "Venue", venue.id, "city", venue.city, languageCodeOf(lang));
  }

  @FieldResolver(() => [Translation], TRANSLATIONS)
  translations(@Root() venue: Venue, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
    return ctx.loaders.translationLists.load("Venue", venue.id);
  }
}

const SetTranslationPayload = payloadType(
  "SetTranslation",
  Translation,
  "translation",
  "The translation as stored after the change.",
);

/** `setTranslation` and `removeTranslation`: editors' changes, audited (translation.mutations.ts). */
@Resolver(() => Translation)
export class TranslationMutationResolver {
  constructor(private readonly translationMutations: TranslationMutations) {}

  @Authorized(Role.EDITOR)
  @Mutation(() => SetTranslationPayload, {
    description:
      "Adds the translation of one text of an object into one language, or replaces the one there is. The field must be translatable for the object's type, the object must have a text there, and the translation may be no longer than the original's field allows.",
  })
  setTranslation(@Arg("input") input: SetTranslationInput, @Ctx() ctx: GatewayContext) {
    return this.translationMutations.set(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description:
      "Removes a translation: the field is answered as stored again in that language (NOT_FOUND if there is none).",
  })
  removeTranslation(@Arg("input") input: RemoveTranslationInput, @Ctx() ctx: GatewayContext) {
    return this.translationMutations.remove(actorOf(ctx), input);
  }
}
