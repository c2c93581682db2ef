import type { DataSource, Repository } from "typeorm";
import type { DatabaseEngine } from "../../config";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { paginate } from "../../platform/db/pagination";
import { containsPattern, containsSql } from "../../common/text-search";
import { readerOf } from "../../platform/db/entity-reader";
import type { EntityReader } from "../../platform/db/entity-reader";
import type { OfficeKind } from "./appointment.entity";
import { Appointment } from "./appointment.entity";
import { Person } from "./person.entity";
import { heldOn } from "./person.rules";
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
  private readonly appointments: EntityReader<Appointment>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.people = dataSource.getRepository(Person);
    this.appointments = readerOf(dataSource, Appointment);
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

  /**
   * For each Member, the appointments at it (of `kind`, or of every kind) held on `date` by the rule of `heldOn`,
   * earliest start first (undated first), then in the order recorded: two queries for any number of Members.
   */
  async officeHoldersForMembers(
    memberIds: readonly number[],
    kind: OfficeKind | null,
    date: string,
  ): Promise<Appointment[][]> {
    const atMembers = (await this.appointments.where("member_id", memberIds, `"t"."id"`)).filter(
      (appointment) => kind === null || appointment.kind === kind,
    );
    const personIds = [...new Set(atMembers.map((appointment) => appointment.personId))];
    const ofPeople = personIds.length ? await this.appointments.where("person_id", personIds, `"t"."id"`) : [];
    const byPerson = new Map<number, Appointment[]>();
    for (const appointment of ofPeople) {
      const list = byPerson.get(appointment.personId);
      if (list) list.push(appointment);
      else byPerson.set(appointment.personId, [appointment]);
    }
    // Sorted here, not in SQL: the engines put NULL dates at opposite ends.
    const held = heldOn(atMembers, date, (personId) => byPerson.get(personId) ?? []).sort(
      (a, b) => (a.startDate ?? "").localeCompare(b.startDate ?? "") || a.id - b.id,
    );
    return memberIds.map((memberId) => held.filter((appointment) => appointment.memberId === memberId));
  }
}
