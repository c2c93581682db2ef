import type { DataSource, Repository } from "typeorm";
import { BadUserInputError } from "../../common/errors";
import { Meeting } from "../meeting/meeting.entity";

/** Most entries `recentlyChangedMeetings` (and so /feed.atom) lists. */
export const MAX_RECENT_CHANGES = 100;
export const DEFAULT_RECENT_CHANGES = 50;

/** What the feeds read that no other list offers: meetings in the order of their last change. */
export class FeedService {
  private readonly meetings: Repository<Meeting>;

  constructor(reader: DataSource) {
    this.meetings = reader.getRepository(Meeting);
  }

  /**
   * The `first` meetings added or changed most recently, latest change first (ties: the newer record first).
   * A bounded list rather than a connection: a feed shows its newest entries, and readers keep the older.
   */
  recentlyChanged(first: number): Promise<Meeting[]> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_RECENT_CHANGES) {
      throw BadUserInputError.forField("first", `must be between 0 and ${MAX_RECENT_CHANGES}, got ${first}`);
    }
    if (first === 0) return Promise.resolve([]);
    return this.meetings.find({ order: { updatedAt: "DESC", id: "DESC" }, take: first });
  }
}
