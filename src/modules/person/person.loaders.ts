import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { rowsById, rowsByKey } from "../../common/loaders";
import { Appointment } from "./appointment.entity";
import { Person } from "./person.entity";

export function createPersonLoaders(dataSource: DataSource) {
  const people = dataSource.getRepository(Person);
  const appointments = dataSource.getRepository(Appointment);
  return {
    personById: rowsById((ids) => people.findBy({ id: In([...ids]) })),
    appointmentById: rowsById((ids) => appointments.findBy({ id: In([...ids]) })),
    appointmentsByPersonId: rowsByKey(
      (personIds: readonly number[]) =>
        appointments.find({ where: { personId: In([...personIds]) }, order: { personId: "ASC", id: "ASC" } }),
      (appointment) => appointment.personId,
    ),
  };
}
