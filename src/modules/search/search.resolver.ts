import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { highlight } from "../../common/text-search";
import type { GatewayContext } from "../../platform/context";
import { loadOptional } from "../../platform/db/loaders";
import { toPageRequest } from "../../platform/db/pagination";
import { splitSearchKey } from "../../platform/db/search-index";
import { MeetingFilter } from "../meeting/meeting.inputs";
import type { MeetingKind } from "../meeting/meeting.enums";
import { MeetingService } from "../meeting/meeting.service";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "../series/series.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { INDEXED_FIELDS } from "./search.enums";
import { SearchService } from "./search.service";
import {
  MeetingFacets,
  PillarFacet,
  RegionFacet,
  SearchArgs,
  SearchConnection,
  SearchEdge,
  SeriesFacet,
} from "./search.types";

@Resolver()
export class SearchResolver {
  constructor(
    private readonly searchService: SearchService,
    private readonly meetingService: MeetingService,
  ) {}

  @Query(() => SearchConnection, {
    description:
      "Full-text search over meeting titles and summaries, agenda items, topics, people, Members, organisations and series, ignoring case and accents; best matches first (SQLite: bm25; PostgreSQL: trigram similarity), ties in a stable order.",
  })
  async search(@Args() args: SearchArgs, @Ctx() ctx: GatewayContext): Promise<SearchConnection> {
    const { text, types, ...page } = args;
    const result = await this.searchService.search(text, types, toPageRequest(page));
    const edges = await Promise.all(
      result.hits.map(async (hit): Promise<SearchEdge | null> => {
        const { id, code } = splitSearchKey(hit.key);
        const field = INDEXED_FIELDS.get(code);
        // Per-request DataLoaders: one query per type for the whole page.
        const node = field ? ((await ctx.loaders[field.loader].load(id)) as Record<string, unknown> | null) : null;
        // An object deleted between the index read and this one (another connection's commit) is left out.
        if (!field || !node) return null;
        const value = node[field.property];
        return {
          cursor: hit.cursor,
          node: node as unknown as SearchEdge["node"],
          type: field.type,
          matchedField: field.field,
          snippet: highlight(typeof value === "string" ? value : "", result.terms),
        };
      }),
    );
    return Object.assign(new SearchConnection(), {
      edges: edges.filter((edge): edge is SearchEdge => edge !== null),
      pageInfo: result.pageInfo,
      countTotal: result.countTotal,
    });
  }

  @Query(() => MeetingFacets, {
    description:
      "Facet counts of the meetings a filter matches (the same `MeetingFilter` as `meetings`): by region, kind, year, pillar and series. Ask it beside `meetings` with the same filter to page the list and count its facets in one request. One statement over every matching meeting; priced by the bucket counts (see the README's Search section).",
  })
  async meetingFacets(
    @Arg("filter", () => MeetingFilter, { nullable: true, description: "The meetings to count; all when null." })
    filter: MeetingFilter | null,
  ): Promise<MeetingFacets> {
    const counts = await this.meetingService.facetCounts(filter);
    return {
      regions: counts.regions.map(({ value, count }) => Object.assign(new RegionFacet(), { regionId: value, count })),
      kinds: counts.kinds.map(({ value, count }) => ({ kind: value as MeetingKind, count })),
      years: counts.years.map(({ value, count }) => ({ year: value, count })),
      pillars: counts.pillars.map(({ value, count }) => Object.assign(new PillarFacet(), { pillarId: value!, count })),
      series: counts.series.map(({ value, count }) => Object.assign(new SeriesFacet(), { seriesId: value, count })),
    };
  }
}

@Resolver(() => RegionFacet)
export class RegionFacetResolver {
  @FieldResolver(() => Region, { nullable: true, description: "The region; null counts the meetings of no region." })
  region(@Root() facet: RegionFacet, @Ctx() ctx: GatewayContext): Promise<Region | null> {
    return loadOptional(ctx.loaders.regionById, facet.regionId);
  }
}

@Resolver(() => PillarFacet)
export class PillarFacetResolver {
  @FieldResolver(() => ThemePillar, { description: "The pillar." })
  async pillar(@Root() facet: PillarFacet, @Ctx() ctx: GatewayContext): Promise<ThemePillar | null> {
    return loadOptional(ctx.loaders.pillarById, facet.pillarId);
  }
}

@Resolver(() => SeriesFacet)
export class SeriesFacetResolver {
  @FieldResolver(() => MeetingSeries, {
    nullable: true,
    description: "The series; null counts the meetings of no series.",
  })
  series(@Root() facet: SeriesFacet, @Ctx() ctx: GatewayContext): Promise<MeetingSeries | null> {
    return loadOptional(ctx.loaders.seriesById, facet.seriesId);
  }
}
