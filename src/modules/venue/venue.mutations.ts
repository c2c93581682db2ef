import { ConflictError } from "../../common/errors";
import {
  cleanText,
  keepOrSet,
  normaliseIsoCode,
  normaliseTimeZone,
  normaliseUrl,
  refuse,
} from "../../common/input-rules";
import type { DeletePayload } from "../../common/payloads";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import { Meeting } from "../meeting/meeting.entity";
import { Venue } from "./venue.entity";
import type { CreateVenueInput, DeleteVenueInput, OnlineLinkInput, UpdateVenueInput } from "./venue.mutation-inputs";
import { venueInUseMessage, venueSlugTaken } from "./venue.rules";

/** `null` clears, `undefined` keeps, a value is stored in the one spelling every path finds. */
function optional<T>(value: T | null | undefined, normalise: (value: T) => T): T | null | undefined {
  return value === null || value === undefined ? value : normalise(value);
}

export class VenueMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private async checkSlugFree(tx: Transaction, slug: string, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(Venue, { slug });
    if (holder && holder.id !== exceptId) refuse(venueSlugTaken(slug, "input.slug"));
  }

  create(actor: Actor, input: CreateVenueInput): Promise<{ node: Venue }> {
    return this.mutations.run(actor, "createVenue", async (tx) => {
      await this.checkSlugFree(tx, input.slug);
      const venue = await tx.insert(Venue, {
        slug: input.slug,
        name: cleanText(input.name, "input.name"),
        city: cleanText(input.city, "input.city") ?? null,
        countryCode: optional(input.countryCode, normaliseIsoCode) ?? null,
        address: cleanText(input.address, "input.address") ?? null,
        timezone: optional(input.timezone, normaliseTimeZone) ?? null,
      });
      return { node: venue };
    });
  }

  update(actor: Actor, input: UpdateVenueInput): Promise<{ node: Venue }> {
    return this.mutations.run(actor, "updateVenue", async (tx) => {
      const venue = await tx.get(Venue, input.id, "input.id");
      tx.checkVersion(venue, input.expectedVersion);
      const slug = keepOrSet(input.slug, "input.slug");
      if (slug !== undefined) await this.checkSlugFree(tx, slug, venue.id);
      const updated = await tx.update(
        venue,
        {
          slug,
          name: cleanText(keepOrSet(input.name, "input.name"), "input.name"),
          city: cleanText(input.city, "input.city"),
          countryCode: optional(input.countryCode, normaliseIsoCode),
          address: cleanText(input.address, "input.address"),
          timezone: optional(input.timezone, normaliseTimeZone),
        },
        input.expectedVersion,
      );
      return { node: updated };
    });
  }

  /** Without cascade, refused while meetings are held at the venue; with it, they lose their venue (audited). */
  delete(actor: Actor, input: DeleteVenueInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteVenue", async (tx) => {
      const venue = await tx.get(Venue, input.id, "input.id");
      tx.checkVersion(venue, input.expectedVersion);
      const meetings = await tx.em.findBy(Meeting, { venueId: venue.id });
      if (meetings.length && !input.cascade) {
        throw new ConflictError(venueInUseMessage(venue.name, meetings.length), {
          references: { meetings: meetings.length },
        });
      }
      for (const meeting of meetings) await tx.update(meeting, { venueId: null });
      await tx.remove(venue);
      return { deletedId: input.id, cascaded: meetings.length };
    });
  }
}

/**
 * A meeting's venue, from `venueId` of createMeeting/updateMeeting: undefined keeps it, null clears it, an id
 * must name a venue (BAD_USER_INPUT at `path` otherwise).
 */
export async function meetingVenueId(
  tx: Transaction,
  venueId: string | null | undefined,
  path: string,
): Promise<number | null | undefined> {
  if (venueId === undefined || venueId === null) return venueId;
  return (await tx.reference(Venue, venueId, path)).id;
}

/**
 * A meeting's online columns, from `onlineLink` of createMeeting/updateMeeting: undefined keeps both, null
 * clears both, a link replaces both (its URL checked by the input's decorator, stored as normaliseUrl spells it).
 */
export function meetingOnlineColumns(
  link: OnlineLinkInput | null | undefined,
  path: string,
): { onlineUrl?: string | null; onlinePlatform?: string | null } {
  if (link === undefined) return {};
  if (link === null) return { onlineUrl: null, onlinePlatform: null };
  return {
    onlineUrl: normaliseUrl(cleanText(link.url, `${path}.url`)),
    onlinePlatform: cleanText(link.platform, `${path}.platform`) ?? null,
  };
}
