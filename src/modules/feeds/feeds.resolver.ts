import { Arg, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { Meeting } from "../meeting/meeting.entity";
import { meetingCalendarPath } from "./feed-ids";
import { DEFAULT_RECENT_CHANGES, FeedService, MAX_RECENT_CHANGES } from "./feeds.service";

/** `Meeting.calendarUrl`: a field of the meeting feature's type, resolved by the feeds feature. */
@Resolver(() => Meeting)
export class MeetingCalendarResolver {
  @FieldResolver(() => String, {
    description:
      "Where to download this meeting as an iCalendar file (RFC 5545), e.g. `/calendar/2021-04-22-americas-caribbean-heads-of-customs.ics`: a path on this gateway (resolve it against the URL you query). Meetings without a known date have no calendar entry (404).",
  })
  calendarUrl(@Root() meeting: Meeting): string {
    return meetingCalendarPath(meeting.slug);
  }
}

/** `recentlyChangedMeetings`: what the Atom feed (/feed.atom) shows. */
@Resolver()
export class FeedResolver {
  constructor(private readonly feeds: FeedService) {}

  @Query(() => [Meeting], {
    description:
      "The meetings added or changed most recently, the latest change (`updatedAt`) first: what `/feed.atom` shows.",
  })
  recentlyChangedMeetings(
    @Arg("first", () => Int, {
      defaultValue: DEFAULT_RECENT_CHANGES,
      description: `How many meetings to list, 0–${MAX_RECENT_CHANGES}.`,
    })
    first: number,
  ): Promise<Meeting[]> {
    return this.feeds.recentlyChanged(first);
  }
}
