import type { DataSource, Repository, SelectQueryBuilder } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { normaliseIsoCode } from "../../common/input-rules";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { paginate } from "../../platform/db/pagination";
import { Venue } from "./venue.entity";
import type { VenueFilter } from "./venue.inputs";

const BY_NAME: KeysetOrder<Venue> = {
  tag: "venues:NAME:ASC",
  column: "venue.name",
  idColumn: "venue.id",
  direction: "ASC",
  nullable: false,
  valueOf: (venue) => venue.name,
  idOf: (venue) => venue.id,
};

export class VenueService {
  private readonly venues: Repository<Venue>;
  private readonly reader: EntityReader<Venue>;

  constructor(
    dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.venues = dataSource.getRepository(Venue);
    this.reader = readerOf(dataSource, Venue);
  }

  /** Venues by name, filtered. */
  list(filter: VenueFilter | null | undefined, page: PageRequest): Promise<ConnectionResult<Venue>> {
    return paginate(this.filtered(filter), BY_NAME, page, this.engine);
  }

  findBySlug(slug: string): Promise<Venue | null> {
    return this.reader.findOne("slug", slug);
  }

  private filtered(filter: VenueFilter | null | undefined): SelectQueryBuilder<Venue> {
    const qb = this.venues.createQueryBuilder("venue");
    if (filter?.countryCode != null) {
      qb.andWhere("venue.countryCode = :countryCode", { countryCode: normaliseIsoCode(filter.countryCode) });
    }
    return qb;
  }
}
