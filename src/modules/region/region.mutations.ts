import { ConflictError } from "../../common/errors";
import { cleanText, keepOrSet, refuse } from "../../common/input-rules";
import type { Actor, MutationRunner } from "../../platform/db/mutation";
import type { DeleteInput, DeletePayload } from "../../common/payloads";
import { Meeting } from "../meeting/meeting.entity";
import { Member } from "../member/member.entity";
import { Appointment } from "../person/appointment.entity";
import { Region } from "./region.entity";
import type { CreateRegionInput, UpdateRegionInput } from "./region.inputs";
import { regionCodeTaken } from "./region.rules";

export class RegionMutations {
  constructor(private readonly mutations: MutationRunner) {}

  create(actor: Actor, input: CreateRegionInput): Promise<{ node: Region }> {
    return this.mutations.run(actor, "createRegion", async (tx) => {
      if (await tx.em.existsBy(Region, { code: input.code })) refuse(regionCodeTaken(input.code, "input.code"));
      return { node: await tx.insert(Region, { code: input.code, name: cleanText(input.name, "input.name") }) };
    });
  }

  update(actor: Actor, input: UpdateRegionInput): Promise<{ node: Region }> {
    return this.mutations.run(actor, "updateRegion", async (tx) => {
      const region = await tx.get(Region, input.id, "input.id");
      const name = cleanText(keepOrSet(input.name, "input.name"), "input.name");
      return { node: await tx.update(region, { name }, input.expectedVersion) };
    });
  }

  /** Regions are never deleted by cascade: members and meetings must be moved or deleted first. */
  delete(actor: Actor, input: DeleteInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteRegion", async (tx) => {
      const region = await tx.get(Region, input.id, "input.id");
      tx.checkVersion(region, input.expectedVersion);
      const members = await tx.em.countBy(Member, { regionId: region.id });
      const meetings = await tx.em.countBy(Meeting, { regionId: region.id });
      const appointments = await tx.em.countBy(Appointment, { regionId: region.id });
      if (members + meetings + appointments > 0) {
        throw new ConflictError(
          `Region ${region.code} is still used by ${members} member(s), ${meetings} meeting(s) and ${appointments} appointment(s); move or delete them first`,
          { references: { members, meetings, appointments } },
        );
      }
      await tx.remove(region);
      return { deletedId: input.id, cascaded: 0 };
    });
  }
}
