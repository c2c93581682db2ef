import type { DataSource } from "typeorm";
import { rowsByIdOf, rowsByKey } from "../../common/loaders";
import type { ReadScope } from "../../db/entity-reader";
import { readerOf } from "../../db/entity-reader";
import { Appointment } from "./appointment.entity";
import { Person } from "./person.entity";

/** Factories of the per-request loaders of people and their appointments (built on first use: see `createLoaders`). */
export function createPersonLoaders(dataSource: DataSource) {
  const people = readerOf(dataSource, Person);
  const appointments = readerOf(dataSource, Appointment);
  return {
    personById: rowsByIdOf(people),
    appointmentById: rowsByIdOf(appointments),
    appointmentsByPersonId: (scope: ReadScope) =>
      rowsByKey(
        (personIds: readonly number[]) =>
          appointments.where("person_id", personIds, `"t"."person_id", "t"."id"`, scope),
        (appointment) => appointment.personId,
      ),
  };
}
