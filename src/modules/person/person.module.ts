import { defineFeature } from "../../platform/feature-module";
import { Appointment } from "./appointment.entity";
import { Person } from "./person.entity";
import { createPersonLoaders } from "./person.loaders";
import { PersonMutations } from "./person.mutations";
import { AppointmentResolver, MemberOfficeHoldersResolver, PersonResolver } from "./person.resolver";
import { PersonService } from "./person.service";

/** People and the offices they are appointed to. */
export const personFeature = defineFeature({
  name: "person",
  entities: [Person, Appointment],
  resolvers: [PersonResolver, AppointmentResolver, MemberOfficeHoldersResolver],
  services: ({ reader, engine, mutations }) => [new PersonService(reader, engine), new PersonMutations(mutations)],
  loaders: createPersonLoaders,
  nodes: { Person: { loader: "personById" }, Appointment: { loader: "appointmentById" } },
  listSizes: { "Person.appointments": 5, "Person.officesOn": 2, "Member.officeHolders": 2 },
});
