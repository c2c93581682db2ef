import { defineFeature } from "../../platform/feature-module";
import { Meeting } from "./meeting.entity";
import { createMeetingLoaders } from "./meeting.loaders";
import { MeetingMutations } from "./meeting.mutations";
import {
  MeetingResolver,
  MemberMeetingsResolver,
  ParticipationResolver,
  PersonMeetingsResolver,
  RegionMeetingsResolver,
  SourceResolver,
} from "./meeting.resolver";
import { MeetingService } from "./meeting.service";
import { Participation } from "./participation.entity";
import { MeetingSource, Source } from "./source.entity";

/** Meetings, their participants and the sources that document them. */
export const meetingFeature = defineFeature({
  name: "meeting",
  entities: [Meeting, Participation, Source, MeetingSource],
  resolvers: [
    MeetingResolver,
    ParticipationResolver,
    SourceResolver,
    RegionMeetingsResolver,
    MemberMeetingsResolver,
    PersonMeetingsResolver,
  ],
  services: ({ reader, engine, mutations, clock }) => [
    new MeetingService(reader, engine, clock),
    new MeetingMutations(mutations),
  ],
  loaders: createMeetingLoaders,
  nodes: {
    Meeting: { loader: "meetingById" },
    Participation: { loader: "participationById" },
    Source: { loader: "sourceById" },
  },
  listSizes: {
    "Meeting.participants": 20,
    "Meeting.sources": 3,
    "Source.meetings": 5,
    "Participation.officesOnMeetingDate": 2,
  },
});
