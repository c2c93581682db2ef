import type { DataSource, Repository } from "typeorm";
import type { DatabaseEngine } from "../../config";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { paginate } from "../../platform/db/pagination";
import { containsPattern, containsSql } from "../../common/text-search";
import { readerOf } from "../../platform/db/entity-reader";
import { Person } from "./person.entity";
import type { PersonFilter } from "./person.inputs";

const BY_NAME: KeysetOrder<Person> = {
  tag: "people:NAME:ASC",
  column: "person.name",
  idColumn: "person.id",
  direction: "ASC",
  nullable: false,
  valueOf: (person) => person.name,
  idOf: (person) => person.id,
};

export class PersonService {
  private readonly people: Repository<Person>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.people = dataSource.getRepository(Person);
  }

  list(filter: PersonFilter | null | undefined, page: PageRequest): Promise<ConnectionResult<Person>> {
    const qb = this.people.createQueryBuilder("person");
    if (filter?.search != null) {
      qb.andWhere(containsSql(this.engine, "person.name", "search"), {
        search: containsPattern(filter.search, "filter.search"),
      });
    }
    return paginate(qb, BY_NAME, page, this.engine);
  }

  findBySlug(slug: string): Promise<Person | null> {
    return readerOf(this.dataSource, Person).findOne("slug", slug);
  }
}
