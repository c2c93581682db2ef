import type { DataSource, Repository } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { BadUserInputError } from "../../common/errors";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { paginate } from "../../platform/db/pagination";
import { AuditEntry } from "../../platform/db/audit-entry.entity";
import type { AuditEntryFilter } from "./audit.inputs";

const NEWEST_FIRST: KeysetOrder<AuditEntry> = {
  tag: "audit:ID:DESC",
  column: "entry.id",
  idColumn: "entry.id",
  direction: "DESC",
  nullable: false,
  valueOf: (entry) => entry.id,
  idOf: (entry) => entry.id,
};

export class AuditService {
  private readonly entries: Repository<AuditEntry>;

  constructor(
    dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.entries = dataSource.getRepository(AuditEntry);
  }

  /** The trail, newest change first. */
  list(filter: AuditEntryFilter | null | undefined, page: PageRequest): Promise<ConnectionResult<AuditEntry>> {
    const qb = this.entries.createQueryBuilder("entry");
    if (filter?.entityType) qb.andWhere("entry.entityType = :entityType", { entityType: filter.entityType });
    if (filter?.entityId) qb.andWhere("entry.entityId = :entityId", { entityId: filter.entityId });
    if (filter?.actor) qb.andWhere("entry.actor = :actor", { actor: filter.actor });
    if (filter?.operation) qb.andWhere("entry.operation = :operation", { operation: filter.operation });
    if (filter?.since && filter.until && filter.until < filter.since) {
      throw BadUserInputError.forField("filter.until", "must not be before filter.since");
    }
    if (filter?.since) qb.andWhere("entry.at >= :since", { since: filter.since.toISOString() });
    if (filter?.until) qb.andWhere("entry.at < :until", { until: filter.until.toISOString() });
    return paginate(qb, NEWEST_FIRST, page, this.engine);
  }
}
