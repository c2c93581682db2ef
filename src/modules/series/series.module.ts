import { defineFeature } from "../../platform/feature-module";
import { seriesDirectorySection } from "./series.directory";
import { MeetingSeries } from "./series.entity";
import { createSeriesLoaders } from "./series.loaders";
import { SeriesMutations } from "./series.mutations";
import { MeetingSeriesResolver, MeetingSessionResolver } from "./series.resolver";
import { SeriesService } from "./series.service";

/** Meeting series: the recurring meetings of one body, their sessions in order, and each meeting's neighbours. */
export const seriesFeature = defineFeature({
  name: "series",
  entities: [MeetingSeries],
  resolvers: [MeetingSeriesResolver, MeetingSessionResolver],
  services: ({ reader, engine, mutations }) => [new SeriesService(reader, engine), new SeriesMutations(mutations)],
  loaders: createSeriesLoaders,
  nodes: { MeetingSeries: { loader: "seriesById" } },
  directory: seriesDirectorySection,
});
