import { ConflictError } from "../../common/errors";
import { checkDateOrder, cleanText, keepOrSet, refuse, refuseIf } from "../../common/input-rules";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import type { DeleteInput, DeletePayload } from "../../common/payloads";
import { AgendaItemSpeaker } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { Participation } from "../meeting/participation.entity";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Region } from "../region/region.entity";
import { Appointment } from "./appointment.entity";
import { Person } from "./person.entity";
import { memberOrOrganisationProblems, personSlugTaken } from "./person.rules";
import type {
  CreateAppointmentInput,
  CreatePersonInput,
  DeletePersonInput,
  UpdateAppointmentInput,
  UpdatePersonInput,
} from "./person.mutation-inputs";

/** Resolves an optional reference: undefined keeps, null clears, an id must name an existing object. */
async function optionalReference<T extends { id: number }>(
  tx: Transaction,
  entity: Parameters<Transaction["reference"]>[0] & (new () => T),
  id: string | null | undefined,
  path: string,
): Promise<number | null | undefined> {
  if (id === undefined || id === null) return id;
  return (await tx.reference<T>(entity, id, path)).id;
}

export class PersonMutations {
  constructor(private readonly mutations: MutationRunner) {}

  create(actor: Actor, input: CreatePersonInput): Promise<{ node: Person }> {
    return this.mutations.run(actor, "createPerson", async (tx) => {
      if (await tx.em.existsBy(Person, { slug: input.slug })) refuse(personSlugTaken(input.slug, "input.slug"));
      const person = await tx.insert(Person, {
        slug: input.slug,
        name: cleanText(input.name, "input.name"),
        honorific: cleanText(input.honorific, "input.honorific") ?? null,
      });
      return { node: person };
    });
  }

  update(actor: Actor, input: UpdatePersonInput): Promise<{ node: Person }> {
    return this.mutations.run(actor, "updatePerson", async (tx) => {
      const person = await tx.get(Person, input.id, "input.id");
      const values = {
        name: cleanText(keepOrSet(input.name, "input.name"), "input.name"),
        honorific: cleanText(input.honorific, "input.honorific"),
      };
      return { node: await tx.update(person, values, input.expectedVersion) };
    });
  }

  delete(actor: Actor, input: DeletePersonInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deletePerson", async (tx) => {
      const person = await tx.get(Person, input.id, "input.id");
      tx.checkVersion(person, input.expectedVersion);
      const participations = await tx.em.findBy(Participation, { personId: person.id });
      const speaking = await tx.em.findBy(AgendaItemSpeaker, { personId: person.id });
      const convened = await tx.em.findBy(Meeting, { convenerPersonId: person.id });
      if ((participations.length || speaking.length || convened.length) && !input.cascade) {
        throw new ConflictError(
          `${person.name} has ${participations.length} participation(s), ${speaking.length} speaking slot(s) and convened ${convened.length} meeting(s); delete with cascade: true to remove them`,
          {
            references: {
              participations: participations.length,
              speakingSlots: speaking.length,
              convenedMeetings: convened.length,
            },
          },
        );
      }
      if (speaking.length) await tx.em.delete(AgendaItemSpeaker, { personId: person.id });
      for (const participation of participations) await tx.remove(participation);
      for (const meeting of convened) await tx.update(meeting, { convenerPersonId: null });
      const appointments = await tx.em.findBy(Appointment, { personId: person.id });
      for (const appointment of appointments) await tx.remove(appointment);
      await tx.remove(person);
      return {
        deletedId: input.id,
        cascaded: participations.length + speaking.length + convened.length + appointments.length,
      };
    });
  }

  private async institution(
    tx: Transaction,
    memberId: string | null | undefined,
    organisationId: string | null | undefined,
  ): Promise<{ memberId: number | null | undefined; organisationId: number | null | undefined }> {
    refuseIf(memberOrOrganisationProblems(Boolean(memberId), Boolean(organisationId), "input.organisationId"));
    return {
      memberId: await optionalReference(tx, Member, memberId, "input.memberId"),
      organisationId: await optionalReference(tx, Organisation, organisationId, "input.organisationId"),
    };
  }

  createAppointment(actor: Actor, input: CreateAppointmentInput): Promise<{ node: Appointment }> {
    return this.mutations.run(actor, "createAppointment", async (tx) => {
      const person = await tx.reference(Person, input.personId, "input.personId");
      const { memberId, organisationId } = await this.institution(tx, input.memberId, input.organisationId);
      checkDateOrder(input.startDate, input.endDate, "input.endDate");
      const appointment = await tx.insert(Appointment, {
        personId: person.id,
        title: cleanText(input.title, "input.title"),
        kind: input.kind,
        memberId: memberId ?? null,
        organisationId: organisationId ?? null,
        regionId: (await optionalReference(tx, Region, input.regionId, "input.regionId")) ?? null,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
      });
      return { node: appointment };
    });
  }

  updateAppointment(actor: Actor, input: UpdateAppointmentInput): Promise<{ node: Appointment }> {
    return this.mutations.run(actor, "updateAppointment", async (tx) => {
      const appointment = await tx.get(Appointment, input.id, "input.id");
      const { memberId, organisationId } = await this.institution(tx, input.memberId, input.organisationId);
      const finalMember = memberId === undefined ? appointment.memberId : memberId;
      const finalOrganisation = organisationId === undefined ? appointment.organisationId : organisationId;
      refuseIf(
        memberOrOrganisationProblems(
          finalMember !== null,
          finalOrganisation !== null,
          memberId !== undefined ? "input.memberId" : "input.organisationId",
        ),
      );
      const startDate = input.startDate === undefined ? appointment.startDate : input.startDate;
      const endDate = input.endDate === undefined ? appointment.endDate : input.endDate;
      checkDateOrder(startDate, endDate, "input.endDate");
      const updated = await tx.update(
        appointment,
        {
          title: cleanText(keepOrSet(input.title, "input.title"), "input.title"),
          kind: keepOrSet(input.kind, "input.kind"),
          memberId,
          organisationId,
          regionId: await optionalReference(tx, Region, input.regionId, "input.regionId"),
          startDate: input.startDate,
          endDate: input.endDate,
        },
        input.expectedVersion,
      );
      return { node: updated };
    });
  }

  deleteAppointment(actor: Actor, input: DeleteInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteAppointment", async (tx) => {
      const appointment = await tx.get(Appointment, input.id, "input.id");
      tx.checkVersion(appointment, input.expectedVersion);
      await tx.remove(appointment);
      return { deletedId: input.id, cascaded: 0 };
    });
  }
}
