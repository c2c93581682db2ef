import { defineFeature } from "../../platform/feature-module";
import { PillarFacetResolver, RegionFacetResolver, SearchResolver, SeriesFacetResolver } from "./search.resolver";
import { SearchService } from "./search.service";

/**
 * Full-text search over the directory (`search`) and the facet counts of a meeting filter (`meetingFacets`). The
 * index itself is the database's (migration SearchIndex1765094400000), kept in sync by triggers; meetings'
 * `text` and `titleContains` filters read it too (src/platform/db/search-index.ts).
 */
export const searchFeature = defineFeature({
  name: "search",
  resolvers: [SearchResolver, RegionFacetResolver, PillarFacetResolver, SeriesFacetResolver],
  services: ({ reader, engine }) => [new SearchService(reader, engine)],
  listSizes: {
    // Bucket counts the facets can reach: six regions and "none"; the kinds; years of a long directory; the
    // pillars of many themes; series.
    "MeetingFacets.regions": 7,
    "MeetingFacets.kinds": 15,
    "MeetingFacets.years": 40,
    "MeetingFacets.pillars": 40,
    "MeetingFacets.series": 100,
  },
});
