import type { DataSource, Repository } from "typeorm";
import { In } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { BadUserInputError } from "../../common/errors";
import { containsPattern, containsSql } from "../../common/text-search";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { decodeOpaqueCursor, encodeOpaqueCursor, paginate } from "../../platform/db/pagination";
import { Meeting } from "../meeting/meeting.entity";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "./series.entity";
import type { MeetingSeriesFilter } from "./series.inputs";
import type { SessionKey } from "./series.rules";
import { compareSessions } from "./series.rules";

const BY_NAME: KeysetOrder<MeetingSeries> = {
  tag: "meetingSeries:NAME:ASC",
  column: "series.name",
  idColumn: "series.id",
  direction: "ASC",
  nullable: false,
  valueOf: (series) => series.name,
  idOf: (series) => series.id,
};

/** Distinguishes the cursors of `MeetingSeries.meetings` from those of every other list. */
const SESSIONS_TAG = "series-meetings";

/** A cursor of `MeetingSeries.meetings`: the sort key of the meeting it points at. */
interface SessionCursor {
  t: string;
  s: number | null;
  d: string | null;
  i: number;
}

function encodeSessionCursor(key: SessionKey): string {
  const payload: SessionCursor = { t: SESSIONS_TAG, s: key.sessionNumber, d: key.startDate, i: key.id };
  return encodeOpaqueCursor(payload);
}

function decodeSessionCursor(cursor: string, argName: string): SessionKey {
  const { s, d, i } = decodeOpaqueCursor(cursor, SESSIONS_TAG, argName) as Partial<SessionCursor>;
  const sessionOk = s === null || (typeof s === "number" && Number.isSafeInteger(s));
  const dateOk = d === null || typeof d === "string";
  if (!sessionOk || !dateOk || typeof i !== "number" || !Number.isSafeInteger(i)) {
    throw BadUserInputError.forField(argName, "is not a cursor of this list and order");
  }
  return { sessionNumber: s ?? null, startDate: d ?? null, id: i };
}

/** A page of keys already in the list's order: the ones after (or, backward, before) the cursor. */
function pageOf(keys: readonly SessionKey[], page: PageRequest): { rows: SessionKey[]; hasMore: boolean } {
  const cursor = page.cursor === null ? null : decodeSessionCursor(page.cursor, page.backward ? "before" : "after");
  if (page.backward) {
    const before = cursor ? keys.filter((key) => compareSessions(key, cursor) < 0) : [...keys];
    const start = Math.max(0, before.length - page.limit);
    return { rows: before.slice(start), hasMore: start > 0 };
  }
  const after = cursor ? keys.filter((key) => compareSessions(key, cursor) > 0) : [...keys];
  return { rows: after.slice(0, page.limit), hasMore: after.length > page.limit };
}

/**
 * The sort keys of every meeting of these series, each series' in session order (compareSessions): one query.
 * A series holds one body's sessions, at most a few hundred meetings, so they are ordered here, by the one
 * comparison `MeetingSeries.meetings` and `previousSession`/`nextSession` share, rather than by a keyset
 * over two nullable columns (the keyset pagination of src/platform/db/pagination.ts seeks on one column).
 */
export async function sessionsOf(
  dataSource: DataSource,
  seriesIds: readonly number[],
): Promise<Map<number, SessionKey[]>> {
  const sessions = new Map<number, SessionKey[]>(seriesIds.map((id) => [id, []]));
  if (!seriesIds.length) return sessions;
  const rows = await dataSource
    .createQueryBuilder(Meeting, "meeting")
    .select("meeting.id", "id")
    .addSelect("meeting.seriesId", "seriesId")
    .addSelect("meeting.sessionNumber", "sessionNumber")
    .addSelect("meeting.startDate", "startDate")
    .where("meeting.seriesId IN (:...seriesIds)", { seriesIds: [...seriesIds] })
    .getRawMany<SessionRow>();
  for (const row of rows) {
    sessions.get(Number(row.seriesId))?.push({
      id: Number(row.id),
      sessionNumber: row.sessionNumber === null ? null : Number(row.sessionNumber),
      startDate: row.startDate === null ? null : String(row.startDate),
    });
  }
  for (const keys of sessions.values()) keys.sort(compareSessions);
  return sessions;
}

interface SessionRow {
  id: number | string;
  seriesId: number | string;
  sessionNumber: number | string | null;
  startDate: string | null;
}

export class SeriesService {
  private readonly series: Repository<MeetingSeries>;
  private readonly regions: Repository<Region>;
  private readonly reader: EntityReader<MeetingSeries>;
  private readonly meetings: EntityReader<Meeting>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.series = dataSource.getRepository(MeetingSeries);
    this.regions = dataSource.getRepository(Region);
    this.reader = readerOf(dataSource, MeetingSeries);
    this.meetings = readerOf(dataSource, Meeting);
  }

  /** Meeting series by name. */
  async list(filter: MeetingSeriesFilter | null | undefined, page: PageRequest) {
    const qb = this.series.createQueryBuilder("series");
    if (filter?.regionCodes) {
      const regions = filter.regionCodes.length ? await this.regions.findBy({ code: In(filter.regionCodes) }) : [];
      const regionIds = regions.map((region) => region.id);
      qb.andWhere("series.regionId IN (:...regionIds)", { regionIds: regionIds.length ? regionIds : [0] });
    }
    if (filter?.nameContains != null) {
      qb.andWhere(containsSql(this.engine, "series.name", "namePattern"), {
        namePattern: containsPattern(filter.nameContains, "filter.nameContains"),
      });
    }
    return paginate(qb, BY_NAME, page, this.engine);
  }

  findBySlug(slug: string): Promise<MeetingSeries | null> {
    return this.reader.findOne("slug", slug);
  }

  /** `MeetingSeries.meetings` of many series at once: one query for their order, one for the pages' meetings. */
  async meetingsOf(seriesIds: readonly number[], page: PageRequest): Promise<ConnectionResult<Meeting>[]> {
    const sessions = await sessionsOf(this.dataSource, seriesIds);
    const pages = seriesIds.map((id) => ({ keys: sessions.get(id) ?? [], ...pageOf(sessions.get(id) ?? [], page) }));
    const wanted = pages.flatMap(({ rows }) => rows.map((row) => row.id));
    const byId = new Map((wanted.length ? await this.meetings.byIds(wanted) : []).map((row) => [row.id, row]));
    return pages.map(({ keys, rows, hasMore }) => {
      const edges = rows.flatMap((key) => {
        const node = byId.get(key.id);
        return node ? [{ cursor: encodeSessionCursor(key), node }] : [];
      });
      return {
        edges,
        pageInfo: {
          hasNextPage: page.backward ? page.cursor !== null : hasMore,
          hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        countTotal: () => Promise.resolve(keys.length),
      };
    });
  }
}
