import type { RouteDependencies } from "../../platform/feature-module";
import type { OperationEndpoint } from "../../platform/http/operation-routes";
import type { FeedMeeting } from "./atom";
import { ATOM_CONTENT_TYPE, renderAtom } from "./atom";
import { CALENDAR_MEETING_FIELDS } from "./calendar";
import { FEED_PATH, originOf } from "./feed-ids";

/** Entries of /feed.atom: the latest changes; readers keep what they saw before. */
export const ATOM_ENTRIES = 50;

export const MEETINGS_FEED_QUERY = /* GraphQL */ `
  query MeetingsFeed($first: Int!) {
    recentlyChangedMeetings(first: $first) {
      ${CALENDAR_MEETING_FIELDS}
    }
  }
`;

/**
 * `/feed.atom`: the ATOM_ENTRIES meetings added or changed last, latest change first. It takes no parameters,
 * and ignores any (feed readers and link trackers append their own).
 */
export function meetingsFeedEndpoint(_dependencies: RouteDependencies): OperationEndpoint {
  return {
    document: MEETINGS_FEED_QUERY,
    operationName: "MeetingsFeed",
    variables: () => ({ first: ATOM_ENTRIES }),
    render(data, req) {
      const origin = originOf(req);
      const body = renderAtom(data.recentlyChangedMeetings as FeedMeeting[], {
        selfUrl: `${origin}${FEED_PATH}`,
        origin,
      });
      return { contentType: ATOM_CONTENT_TYPE, body };
    },
  };
}
