import { ArrayMaxSize, MaxLength } from "class-validator";
import { ArgsType, Field, Int, ObjectType, createUnionType } from "type-graphql";
import { MAX_SEARCH_TEXT } from "../../common/text-search";
import { ConnectionArgs, PageInfo } from "../../platform/db/pagination";
import { AgendaItem, Topic } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { MeetingKind } from "../meeting/meeting.enums";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Person } from "../person/person.entity";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "../series/series.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { SearchMatchField, SearchableType } from "./search.enums";

export const SearchResult = createUnionType({
  name: "SearchResult",
  description: "An object `search` can find.",
  // No resolveType: type-graphql then resolves the type synchronously, by class (graphql-jit cannot wait for a
  // promise; see src/platform/adapters/type-graphql-resolve-type.ts).
  types: () => [Meeting, AgendaItem, Topic, Person, Member, Organisation, MeetingSeries] as const,
});

@ArgsType()
export class SearchArgs extends ConnectionArgs {
  @Field({
    description: `What to look for: every word must occur in the same field, ignoring case and accents, as part of a word ("Miku" finds "Mikuriya", "peru" finds "Perú"). Double quotes group a phrase; every other character is literal text. Words under 3 characters are ignored; at most 8 words or phrases and ${MAX_SEARCH_TEXT} characters.`,
  })
  @MaxLength(MAX_SEARCH_TEXT)
  text!: string;

  @Field(() => [SearchableType], { nullable: true, description: "Only objects of these kinds; every kind when null." })
  @ArrayMaxSize(Object.keys(SearchableType).length)
  types?: SearchableType[] | null;
}

/** One match of a search: the object, which field matched, and that field's text with the matches marked. */
@ObjectType("SearchEdge", { simpleResolvers: true, description: "One object found by `search`, best matches first." })
export class SearchEdge {
  @Field({ description: "Opaque cursor of this edge; pass it as `after` or `before` to page from here." })
  cursor!: string;

  @Field(() => SearchResult, { description: "The object found." })
  node!: typeof SearchResult;

  @Field(() => SearchableType, { description: "The kind of object found." })
  type!: SearchableType;

  @Field(() => SearchMatchField, { description: "The field of the object that matched." })
  matchedField!: SearchMatchField;

  @Field({
    description:
      "The matched field's text, HTML-escaped, with `<mark>…</mark>` around each match; longer texts are cut to about 160 characters around the first match, with `…` where cut.",
  })
  snippet!: string;
}

/** What the search resolver returns; `totalCount` runs its COUNT only when asked. */
@ObjectType("SearchConnection", {
  simpleResolvers: true,
  description: "A page of search results (Relay cursor connection).",
})
export class SearchConnection {
  @Field(() => [SearchEdge], { description: "The edges of this page, best match first." })
  edges!: SearchEdge[];

  @Field(() => PageInfo, { description: "Where this page sits in the whole list." })
  pageInfo!: PageInfo;

  countTotal!: () => Promise<number>;

  @Field(() => Int, { description: "How many objects match, across all pages." })
  totalCount(): Promise<number> {
    return this.countTotal();
  }
}

@ObjectType("RegionFacet", { simpleResolvers: true, description: "How many of the filtered meetings a region holds." })
export class RegionFacet {
  regionId!: number | null;

  @Field(() => Region, { nullable: true, description: "The region; null counts the meetings of no region." })
  region?: Region | null;

  @Field(() => Int, { description: "Meetings." })
  count!: number;
}

@ObjectType("MeetingKindFacet", {
  simpleResolvers: true,
  description: "How many of the filtered meetings are of a kind.",
})
export class MeetingKindFacet {
  @Field(() => MeetingKind, { description: "The kind." })
  kind!: MeetingKind;

  @Field(() => Int, { description: "Meetings." })
  count!: number;
}

@ObjectType("YearFacet", { simpleResolvers: true, description: "How many of the filtered meetings start in a year." })
export class YearFacet {
  @Field(() => Int, { nullable: true, description: "The year of `startDate`; null counts the undated meetings." })
  year!: number | null;

  @Field(() => Int, { description: "Meetings." })
  count!: number;
}

@ObjectType("PillarFacet", {
  simpleResolvers: true,
  description: "How many of the filtered meetings have at least one agenda item on a theme pillar.",
})
export class PillarFacet {
  pillarId!: number;

  @Field(() => ThemePillar, { description: "The pillar." })
  pillar?: ThemePillar;

  @Field(() => Int, { description: "Meetings (a meeting on two pillars counts in both)." })
  count!: number;
}

@ObjectType("SeriesFacet", {
  simpleResolvers: true,
  description: "How many of the filtered meetings belong to a series.",
})
export class SeriesFacet {
  seriesId!: number | null;

  @Field(() => MeetingSeries, { nullable: true, description: "The series; null counts the meetings of no series." })
  series?: MeetingSeries | null;

  @Field(() => Int, { description: "Meetings." })
  count!: number;
}

@ObjectType("MeetingFacets", {
  simpleResolvers: true,
  description:
    "How the meetings of a filter divide by region, kind, year, pillar and series: counts over every meeting the filter matches (not a page), largest first. All five come from one statement.",
})
export class MeetingFacets {
  @Field(() => [RegionFacet], { description: "By region." })
  regions!: RegionFacet[];

  @Field(() => [MeetingKindFacet], { description: "By kind." })
  kinds!: MeetingKindFacet[];

  @Field(() => [YearFacet], { description: "By the year of `startDate`." })
  years!: YearFacet[];

  @Field(() => [PillarFacet], {
    description: "By theme pillar of their agenda items; meetings on no pillar are left out.",
  })
  pillars!: PillarFacet[];

  @Field(() => [SeriesFacet], { description: "By series." })
  series!: SeriesFacet[];
}
