import { ConflictError } from "../../common/errors";
import { cleanText, keepOrSet, normaliseIsoCode, refuse } from "../../common/input-rules";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import type { DeletePayload } from "../../common/payloads";
import { Meeting } from "../meeting/meeting.entity";
import { Appointment } from "../person/appointment.entity";
import { Region } from "../region/region.entity";
import { Member } from "./member.entity";
import type {
  CreateMemberInput,
  CreateOrganisationInput,
  DeleteMemberInput,
  DeleteOrganisationInput,
  UpdateMemberInput,
  UpdateOrganisationInput,
} from "./member.mutation-inputs";
import { isoCodeTaken, organisationSlugTaken } from "./member.rules";
import { Organisation } from "./organisation.entity";

export class MemberMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private async checkIsoCodeFree(tx: Transaction, isoCode: string, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(Member, { isoCode });
    if (holder && holder.id !== exceptId) refuse(isoCodeTaken(isoCode, holder.name, "input.isoCode"));
  }

  create(actor: Actor, input: CreateMemberInput): Promise<{ node: Member }> {
    return this.mutations.run(actor, "createMember", async (tx) => {
      const region = await tx.reference(Region, input.regionId, "input.regionId");
      const isoCode = normaliseIsoCode(input.isoCode);
      await this.checkIsoCodeFree(tx, isoCode);
      const member = await tx.insert(Member, {
        name: cleanText(input.name, "input.name"),
        shortName: cleanText(input.shortName, "input.shortName") ?? null,
        countryName: cleanText(input.countryName, "input.countryName"),
        isoCode,
        regionId: region.id,
      });
      return { node: member };
    });
  }

  update(actor: Actor, input: UpdateMemberInput): Promise<{ node: Member }> {
    return this.mutations.run(actor, "updateMember", async (tx) => {
      const member = await tx.get(Member, input.id, "input.id");
      const newIsoCode = keepOrSet(input.isoCode, "input.isoCode");
      const isoCode = newIsoCode === undefined ? undefined : normaliseIsoCode(newIsoCode);
      if (isoCode) await this.checkIsoCodeFree(tx, isoCode, member.id);
      const regionId = keepOrSet(input.regionId, "input.regionId");
      const region = regionId ? await tx.reference(Region, regionId, "input.regionId") : undefined;
      const updated = await tx.update(
        member,
        {
          name: cleanText(keepOrSet(input.name, "input.name"), "input.name"),
          shortName: cleanText(input.shortName, "input.shortName"),
          countryName: cleanText(keepOrSet(input.countryName, "input.countryName"), "input.countryName"),
          isoCode,
          regionId: region?.id,
        },
        input.expectedVersion,
      );
      return { node: updated };
    });
  }

  delete(actor: Actor, input: DeleteMemberInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteMember", async (tx) => {
      const member = await tx.get(Member, input.id, "input.id");
      tx.checkVersion(member, input.expectedVersion);
      const hosted = await tx.em.findBy(Meeting, { hostMemberId: member.id });
      const appointments = await tx.em.findBy(Appointment, { memberId: member.id });
      if ((hosted.length || appointments.length) && !input.cascade) {
        throw new ConflictError(
          `${member.name} hosted ${hosted.length} meeting(s) and ${appointments.length} appointment(s) are held there; delete with cascade: true to detach those meetings and delete those appointments`,
          { references: { hostedMeetings: hosted.length, appointments: appointments.length } },
        );
      }
      for (const meeting of hosted) await tx.update(meeting, { hostMemberId: null });
      for (const appointment of appointments) await tx.remove(appointment);
      await tx.remove(member);
      return { deletedId: input.id, cascaded: hosted.length + appointments.length };
    });
  }

  createOrganisation(actor: Actor, input: CreateOrganisationInput): Promise<{ node: Organisation }> {
    return this.mutations.run(actor, "createOrganisation", async (tx) => {
      if (await tx.em.existsBy(Organisation, { slug: input.slug }))
        refuse(organisationSlugTaken(input.slug, "input.slug"));
      const organisation = await tx.insert(Organisation, {
        slug: input.slug,
        name: cleanText(input.name, "input.name"),
        shortName: cleanText(input.shortName, "input.shortName") ?? null,
        kind: input.kind,
        countryName: cleanText(input.countryName, "input.countryName") ?? null,
      });
      return { node: organisation };
    });
  }

  updateOrganisation(actor: Actor, input: UpdateOrganisationInput): Promise<{ node: Organisation }> {
    return this.mutations.run(actor, "updateOrganisation", async (tx) => {
      const organisation = await tx.get(Organisation, input.id, "input.id");
      const updated = await tx.update(
        organisation,
        {
          name: cleanText(keepOrSet(input.name, "input.name"), "input.name"),
          shortName: cleanText(input.shortName, "input.shortName"),
          kind: keepOrSet(input.kind, "input.kind"),
          countryName: cleanText(input.countryName, "input.countryName"),
        },
        input.expectedVersion,
      );
      return { node: updated };
    });
  }

  deleteOrganisation(actor: Actor, input: DeleteOrganisationInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteOrganisation", async (tx) => {
      const organisation = await tx.get(Organisation, input.id, "input.id");
      tx.checkVersion(organisation, input.expectedVersion);
      const appointments = await tx.em.findBy(Appointment, { organisationId: organisation.id });
      if (appointments.length && !input.cascade) {
        throw new ConflictError(
          `${appointments.length} appointment(s) are held at ${organisation.name}; delete with cascade: true to delete them too`,
          { references: { appointments: appointments.length } },
        );
      }
      for (const appointment of appointments) await tx.remove(appointment);
      await tx.remove(organisation);
      return { deletedId: input.id, cascaded: appointments.length };
    });
  }
}
