import { setMaxListeners } from "node:events";
import type { DataSource } from "typeorm";
import type { Snapshot } from "../../platform/db/audit-entry.entity";
import type { Logger } from "../../platform/logger";
import { boundedSubscription } from "../../platform/events/bounded-subscription";

export const DIRECTORY_CHANGED = "DIRECTORY_CHANGED";

/** The kinds of objects whose changes are announced to `directoryChanged` subscribers (translations of any object). */
export const ANNOUNCED_TYPES = new Set(["Meeting", "AgendaItem", "Participation", "Member", "Venue", "Translation"]);

/** One audited change, as the mutation runner recorded it. */
export interface CommittedChange {
  entityType: string;
  entityId: string;
  before: Snapshot | null;
  after: Snapshot | null;
}

/** What subscribers receive: which objects one committed mutation changed, and in which regions. */
export interface DirectoryChangeEvent {
  operation: string;
  at: string;
  /** Codes of the regions the changed objects belong to (before or after the change). */
  regionCodes: string[];
  /** True when the change cannot be placed in regions (a whole-directory import): every subscriber gets it. */
  allRegions: boolean;
  entities: { typename: string; id: string; change: "CREATED" | "UPDATED" | "DELETED" }[];
}

export interface DirectoryPubSub {
  publish(topic: string, event: DirectoryChangeEvent): void;
  subscribe(topic: string): AsyncIterableIterator<DirectoryChangeEvent>;
}

/** The topics published; an event target shared between instances subscribes to each of them. */
export const DIRECTORY_TOPICS: readonly string[] = [DIRECTORY_CHANGED];

/**
 * Publishes events on an event target (in-process, or shared through Redis by `SharedEventTarget`, so that
 * events published on one instance reach the subscribers of every instance), and gives each subscriber a
 * bounded queue between the publisher and its pace. (@graphql-yoga/subscription's pub/sub, used before, queues
 * without bound and then throws in the publisher; @repeaterjs/repeater, under it, cannot be imported from this
 * CommonJS build with TypeScript's node16 resolution: its declarations are ECMAScript-module only.)
 */
export function createDirectoryPubSub(target: EventTarget = new EventTarget()): DirectoryPubSub {
  // One listener per subscription: their number is bounded by the WebSocket limits, not by Node's warning at 10.
  setMaxListeners(0, target);
  return {
    publish(topic, event) {
      target.dispatchEvent(new CustomEvent(topic, { detail: event }));
    },
    subscribe(topic) {
      return boundedSubscription<DirectoryChangeEvent>(target, topic);
    },
  };
}

const numberIn = (snapshot: Snapshot | null, key: string): number[] => {
  const value = snapshot?.[key];
  return typeof value === "number" ? [value] : [];
};

/**
 * Turns each committed mutation into a `directoryChanged` event, when it touched meetings, agenda items,
 * participations, Members, venues or translations (or imported a directory file that did). Runs after the commit, on the reader
 * connection, so it sees what was committed; it never fails the mutation, which has already succeeded.
 */
export class DirectoryEvents {
  readonly pubSub: DirectoryPubSub;

  constructor(
    private readonly reader: DataSource | null,
    private readonly log?: Logger,
    eventTarget?: EventTarget,
  ) {
    this.pubSub = createDirectoryPubSub(eventTarget);
  }

  /** Listener for MutationRunner: called once per committed transaction. */
  readonly onCommit = (operation: string, changes: readonly CommittedChange[]): void => {
    this.announce(operation, changes).catch((error: unknown) =>
      this.log?.error({ err: error, operation }, "directoryChanged event not published"),
    );
  };

  private async announce(operation: string, changes: readonly CommittedChange[]): Promise<void> {
    const announced = changes.filter((change) => ANNOUNCED_TYPES.has(change.entityType));
    const imported = changes.some(
      (change) => change.entityType === "Directory" && Number(change.after?.totalChanges ?? 0) > 0,
    );
    if (!announced.length && !imported) return;
    const regionIds = new Set<number>();
    const meetingIds = new Set<number>();
    // A venue belongs to no region: its change concerns the regions of the meetings held there.
    const venueIds = new Set<number>();
    const memberIds = new Set<number>();
    const agendaItemIds = new Set<number>();
    const translatedIds = new Map<unknown, Set<number>>([
      ["Meeting", meetingIds],
      ["Region", regionIds],
      ["Member", memberIds],
      ["Venue", venueIds],
      ["AgendaItem", agendaItemIds],
    ]);
    for (const { entityType, before, after } of announced) {
      if (entityType === "Translation") {
        // A translation concerns the regions of what it translates, where that has any.
        const ids = [...numberIn(before, "entityId"), ...numberIn(after, "entityId")];
        const into = translatedIds.get((after ?? before)?.entityType);
        for (const id of ids) into?.add(id);
      } else if (entityType === "Meeting" || entityType === "Member") {
        for (const id of [...numberIn(before, "regionId"), ...numberIn(after, "regionId")]) regionIds.add(id);
      } else if (entityType === "Venue") {
        for (const id of [...numberIn(before, "id"), ...numberIn(after, "id")]) venueIds.add(id);
      } else {
        for (const id of [...numberIn(before, "meetingId"), ...numberIn(after, "meetingId")]) meetingIds.add(id);
      }
    }
    const regionCodes = await this.regionCodes(
      [...regionIds],
      [...meetingIds],
      [...venueIds],
      [...memberIds],
      [...agendaItemIds],
    );
    this.pubSub.publish(DIRECTORY_CHANGED, {
      operation,
      at: new Date().toISOString(),
      regionCodes,
      allRegions: imported,
      entities: announced.map(({ entityType, entityId, before, after }) => ({
        typename: entityType,
        id: entityId,
        change: before === null ? "CREATED" : after === null ? "DELETED" : "UPDATED",
      })),
    });
  }

  /**
   * One statement: the codes of these regions, of the regions of these meetings, of these venues' meetings, of
   * these Members and of these agenda items' meetings.
   */
  private async regionCodes(
    regionIds: number[],
    meetingIds: number[],
    venueIds: number[] = [],
    memberIds: number[] = [],
    agendaItemIds: number[] = [],
  ): Promise<string[]> {
    if (!this.reader || ![regionIds, meetingIds, venueIds, memberIds, agendaItemIds].some((ids) => ids.length))
      return [];
    const query = this.reader
      .createQueryBuilder()
      .select("r.code", "code")
      .from("region", "r")
      .where("r.id IN (:...regionIds)", { regionIds: regionIds.length ? regionIds : [0] })
      .orWhere("r.id IN (SELECT m.region_id FROM meeting m WHERE m.id IN (:...meetingIds))", {
        meetingIds: meetingIds.length ? meetingIds : [0],
      });
    if (venueIds.length) {
      query.orWhere("r.id IN (SELECT m.region_id FROM meeting m WHERE m.venue_id IN (:...venueIds))", { venueIds });
    }
    if (memberIds.length) {
      query.orWhere("r.id IN (SELECT mb.region_id FROM member mb WHERE mb.id IN (:...memberIds))", { memberIds });
    }
    if (agendaItemIds.length) {
      query.orWhere(
        "r.id IN (SELECT m.region_id FROM meeting m JOIN agenda_item a ON a.meeting_id = m.id WHERE a.id IN (:...agendaItemIds))",
        { agendaItemIds },
      );
    }
    const rows = await query.orderBy("r.code").getRawMany<{ code: string }>();
    return rows.map((row) => row.code);
  }
}
