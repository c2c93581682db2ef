import { defineFeature } from "../../platform/feature-module";
import { venueDirectorySection } from "./venue.directory";
import { Venue } from "./venue.entity";
import { createVenueLoaders } from "./venue.loaders";
import { VenueMutations } from "./venue.mutations";
import { MeetingVenueResolver, VenueMeetingsResolver, VenueResolver } from "./venue.resolver";
import { VenueService } from "./venue.service";

/**
 * Venues, and a meeting's venue and online link. Listed after the meeting feature: `Venue.meetings` is listed by
 * its MeetingService.
 */
export const venueFeature = defineFeature({
  name: "venue",
  entities: [Venue],
  resolvers: [VenueResolver, VenueMeetingsResolver, MeetingVenueResolver],
  services: ({ reader, engine, mutations }) => [new VenueService(reader, engine), new VenueMutations(mutations)],
  loaders: createVenueLoaders,
  nodes: { Venue: { loader: "venueById" } },
  directory: venueDirectorySection,
});
