import { FieldResolver, Resolver, Root } from "type-graphql";
import { Meeting } from "../meeting/meeting.entity";
import { meetingCalendarPath } from "./feed-ids";

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
