import type { DataSource, Repository, SelectQueryBuilder } from "typeorm";
import { In } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { BadUserInputError } from "../../common/errors";
import { decodeGlobalIdOf } from "../../common/global-id";
import type { ConnectionResult, KeysetOrder, PageRequest, SortRange } from "../../platform/db/pagination";
import { paginate, paginateByParent } from "../../platform/db/pagination";
import { containsPattern, containsSql } from "../../common/text-search";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import { Region } from "../region/region.entity";
import { MeetingSeries } from "../series/series.entity";
import { ThemePillar } from "../theme/theme-pillar.entity";
import { Meeting } from "./meeting.entity";
import { MeetingOrderField, OrderDirection } from "./meeting.enums";
import type { MeetingFilter, MeetingOrder } from "./meeting.inputs";

/** The parent a nested meeting list hangs from: a region's meetings, the meetings a Member hosted, a venue's. */
export type MeetingParent = "region" | "host" | "venue";
const PARENT_COLUMN: Record<MeetingParent, string> = {
  region: "meeting.regionId",
  host: "meeting.hostMemberId",
  venue: "meeting.venueId",
};

function keysetOrder(order: MeetingOrder | null | undefined, filter?: MeetingFilter | null): KeysetOrder<Meeting> {
  const field = order?.field ?? MeetingOrderField.START_DATE;
  const direction = order?.direction ?? OrderDirection.DESC;
  const byDate = field === MeetingOrderField.START_DATE;
  // A date range excludes undated meetings, so the seek needs no `IS NULL` branch (which would keep the
  // database from seeking in the date index).
  const datesRequired = Boolean(filter?.startDateFrom || filter?.startDateTo);
  const range: SortRange = {};
  if (filter?.startDateFrom) range.min = filter.startDateFrom;
  if (filter?.startDateTo) range.max = filter.startDateTo;
  return {
    tag: `meetings:${field}:${direction}`,
    column: byDate ? "meeting.startDate" : "meeting.title",
    idColumn: "meeting.id",
    direction,
    nullable: byDate && !datesRequired,
    valueOf: (meeting) => (byDate ? meeting.startDate : meeting.title),
    idOf: (meeting) => meeting.id,
    // Sorted by date, the date range is written by the pagination, merged with the cursor (one index
    // bound per side); sorted by title, it is an ordinary filter.
    range: byDate ? range : undefined,
  };
}

/** Empty `IN ()` lists are invalid SQL; a value no row holds keeps "matches nothing" semantics. */
const nonEmpty = <T>(values: T[], impossible: T): T[] => (values.length ? values : [impossible]);

export class MeetingService {
  private readonly meetings: Repository<Meeting>;
  private readonly regions: Repository<Region>;
  private readonly reader: EntityReader<Meeting>;

  constructor(
    dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.meetings = dataSource.getRepository(Meeting);
    this.regions = dataSource.getRepository(Region);
    this.reader = readerOf(dataSource, Meeting);
  }

  async list(
    filter: MeetingFilter | null | undefined,
    order: MeetingOrder | null | undefined,
    page: PageRequest,
  ): Promise<ConnectionResult<Meeting>> {
    const qb = this.meetings.createQueryBuilder("meeting");
    const keyset = keysetOrder(order, filter);
    if (filter) await this.applyFilter(qb, filter, keyset);
    return paginate(qb, keyset, page, this.engine);
  }

  /** The same page of meetings for each of many parents, in a constant number of queries. */
  async listForParents(
    parent: MeetingParent,
    parentIds: readonly number[],
    filter: MeetingFilter | null | undefined,
    order: MeetingOrder | null | undefined,
    page: PageRequest,
  ): Promise<ConnectionResult<Meeting>[]> {
    const qb = this.meetings.createQueryBuilder("meeting");
    const keyset = keysetOrder(order, filter);
    if (filter) await this.applyFilter(qb, filter, keyset);
    return paginateByParent(qb, PARENT_COLUMN[parent], parentIds, keyset, page, this.engine, (ids) =>
      this.reader.byIds(ids),
    );
  }

  findBySlug(slug: string): Promise<Meeting | null> {
    return this.reader.findOne("slug", slug);
  }

  /** The filter's conditions, except bounds on the sort column that `keyset.range` carries to the pagination. */
  private async applyFilter(
    qb: SelectQueryBuilder<Meeting>,
    filter: MeetingFilter,
    keyset: KeysetOrder<Meeting>,
  ): Promise<void> {
    if (filter.regionCodes) {
      // Region ids are looked up first (a six-row table): with `region_id = ?` known, the database walks
      // the (region_id, start_date) index in order instead of sorting every meeting of the region.
      const regions = filter.regionCodes.length ? await this.regions.findBy({ code: In(filter.regionCodes) }) : [];
      qb.andWhere("meeting.regionId IN (:...regionIds)", {
        regionIds: nonEmpty(
          regions.map((r) => r.id),
          0,
        ),
      });
    }
    if (filter.hostIsoCodes) {
      qb.andWhere("meeting.hostMemberId IN (SELECT m.id FROM member m WHERE m.iso_code IN (:...hostIsoCodes))", {
        hostIsoCodes: nonEmpty(
          filter.hostIsoCodes.map((code) => code.toUpperCase()),
          "",
        ),
      });
    }
    if (filter.kinds) qb.andWhere("meeting.kind IN (:...kinds)", { kinds: nonEmpty<string>(filter.kinds, "") });
    if (filter.startDateFrom && filter.startDateTo && filter.startDateFrom > filter.startDateTo) {
      throw BadUserInputError.forField("filter.startDateTo", "must not be before filter.startDateFrom");
    }
    if (!keyset.range) {
      if (filter.startDateFrom)
        qb.andWhere("meeting.startDate >= :startDateFrom", { startDateFrom: filter.startDateFrom });
      if (filter.startDateTo) qb.andWhere("meeting.startDate <= :startDateTo", { startDateTo: filter.startDateTo });
    }
    if (filter.pillarIds) {
      const pillarIds = filter.pillarIds.map((id, i) =>
        decodeGlobalIdOf(ThemePillar.typename, id, `filter.pillarIds.${i}`),
      );
      qb.andWhere(
        "EXISTS (SELECT 1 FROM agenda_item ai WHERE ai.meeting_id = meeting.id AND ai.pillar_id IN (:...pillarIds))",
        { pillarIds: nonEmpty(pillarIds, 0) },
      );
    }
    if (filter.themeYear != null) {
      qb.andWhere("meeting.themeId IN (SELECT t.id FROM annual_theme t WHERE t.year = :themeYear)", {
        themeYear: filter.themeYear,
      });
    }
    if (filter.titleContains != null) {
      qb.andWhere(containsSql(this.engine, "meeting.title", "titlePattern"), {
        titlePattern: containsPattern(filter.titleContains, "filter.titleContains"),
      });
    }
    if (filter.seriesId != null) {
      qb.andWhere("meeting.seriesId = :seriesId", {
        seriesId: decodeGlobalIdOf(MeetingSeries.typename, filter.seriesId, "filter.seriesId"),
      });
    }
  }
}
