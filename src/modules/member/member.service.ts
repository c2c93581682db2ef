import type { DataSource, Repository, SelectQueryBuilder } from "typeorm";
import type { DatabaseEngine } from "../../config";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { paginate, paginateByParent } from "../../platform/db/pagination";
import { containsPattern, containsSql } from "../../common/text-search";
import { readerOf } from "../../platform/db/entity-reader";
import { Member } from "./member.entity";
import type { MemberFilter } from "./member.inputs";
import { Organisation } from "./organisation.entity";

const BY_NAME: KeysetOrder<Member> = {
  tag: "members:NAME:ASC",
  column: "member.name",
  idColumn: "member.id",
  direction: "ASC",
  nullable: false,
  valueOf: (member) => member.name,
  idOf: (member) => member.id,
};

export class MemberService {
  private readonly members: Repository<Member>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.members = dataSource.getRepository(Member);
  }

  /** Members by name, filtered. */
  list(filter: MemberFilter | null | undefined, page: PageRequest): Promise<ConnectionResult<Member>> {
    return paginate(this.filtered(filter), BY_NAME, page, this.engine);
  }

  /** The same page of Members for each of many regions, in a constant number of queries. */
  listForRegions(
    regionIds: readonly number[],
    filter: MemberFilter | null | undefined,
    page: PageRequest,
  ): Promise<ConnectionResult<Member>[]> {
    return paginateByParent(this.filtered(filter), "member.regionId", regionIds, BY_NAME, page, this.engine, (ids) =>
      readerOf(this.dataSource, Member).byIds(ids),
    );
  }

  findByIsoCode(isoCode: string): Promise<Member | null> {
    return readerOf(this.dataSource, Member).findOne("iso_code", isoCode.toUpperCase());
  }

  findOrganisationBySlug(slug: string): Promise<Organisation | null> {
    return readerOf(this.dataSource, Organisation).findOne("slug", slug);
  }

  private filtered(filter: MemberFilter | null | undefined): SelectQueryBuilder<Member> {
    const qb = this.members.createQueryBuilder("member");
    if (filter?.regionCodes) {
      qb.andWhere("member.regionId IN (SELECT r.id FROM region r WHERE r.code IN (:...regionCodes))", {
        regionCodes: filter.regionCodes.length ? filter.regionCodes : [""],
      });
    }
    if (filter?.search != null) {
      qb.andWhere(
        `(${["member.name", "member.shortName", "member.countryName"].map((column) => containsSql(this.engine, column, "search")).join(" OR ")})`,
        { search: containsPattern(filter.search, "filter.search") },
      );
    }
    return qb;
  }
}
