import type { DataSource } from "typeorm";
import { rowsByIdOf, rowsByKey } from "../../platform/db/loaders";
import { readerOf } from "../../platform/db/entity-reader";
import { Appointment } from "./appointment.entity";
import { Person } from "./person.entity";

/** Factories of the per-request loaders of people and their appointments (built on first use: see `createLoaders`). */
export function createPersonLoaders(dataSource: DataSource) {
  const people = readerOf(dataSource, Person);
  const appointments = readerOf(dataSource, Appointment);
  return {
    personById: rowsByIdOf(people),
    appointmentById: rowsByIdOf(appointments),
    appointmentsByPersonId: () =>
      rowsByKey(
        (personIds: readonly number[]) => appointments.where("person_id", personIds, `"t"."person_id", "t"."id"`),
        (appointment) => appointment.personId,
      ),
  };
}
