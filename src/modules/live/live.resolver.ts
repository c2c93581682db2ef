import {
  Arg,
  Field,
  GraphQLISODateTime,
  ID,
  ObjectType,
  Resolver,
  Root,
  Subscription,
  registerEnumType,
} from "type-graphql";
import type { DirectoryChangeEvent } from "./directory-events";
import { DIRECTORY_CHANGED } from "./directory-events";

export enum EntityChangeKind {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  DELETED = "DELETED",
}

registerEnumType(EntityChangeKind, {
  name: "EntityChangeKind",
  description: "What happened to an object.",
  valuesConfig: {
    CREATED: { description: "It was created." },
    UPDATED: { description: "It was changed." },
    DELETED: { description: "It was deleted; its id no longer resolves." },
  },
});

@ObjectType("ChangedEntity", { simpleResolvers: true, description: "An object a mutation changed." })
export class ChangedEntity {
  @Field({ description: "Its GraphQL type, e.g. `Meeting`." })
  typename!: string;

  @Field(() => ID, { description: "Its global id; fetch it with `node(id:)` unless it was deleted." })
  id!: string;

  @Field(() => EntityChangeKind, { description: "What happened to it." })
  change!: EntityChangeKind;
}

@ObjectType("DirectoryChange", {
  simpleResolvers: true,
  description:
    "One committed mutation that changed meetings, agenda items, participations, Members or venues. Refetch what you show; the event carries ids, not contents.",
})
export class DirectoryChange {
  @Field({ description: "The mutation, e.g. `createMeeting` or `importDirectory`." })
  operation!: string;

  // DateTimeISO like every other timestamp of the schema. The event carries the instant as its ISO string (it
  // crosses Redis as JSON), which DateTimeISO serialises to the same string.
  @Field(() => GraphQLISODateTime, { description: "When the change was announced (UTC)." })
  at!: string;

  @Field(() => [String], {
    description: "Codes of the regions the changed objects belong to, before or after the change.",
  })
  regionCodes!: string[];

  @Field({
    description:
      "True when the change cannot be placed in regions (an import of a directory file): every subscriber receives it.",
  })
  allRegions!: boolean;

  @Field(() => [ChangedEntity], {
    description: "The meetings, agenda items, participations, Members and venues changed (empty for an import).",
  })
  entities!: ChangedEntity[];
}

/** Whether a subscriber asking for `regionCodes` (null: all) wants this event. */
export function wantsEvent(event: DirectoryChangeEvent, regionCodes: string[] | null | undefined): boolean {
  if (!regionCodes) return true;
  return event.allRegions || event.regionCodes.some((code) => regionCodes.includes(code));
}

@Resolver()
export class LiveResolver {
  @Subscription(() => DirectoryChange, {
    topics: DIRECTORY_CHANGED,
    filter: ({ payload, args }: { payload: DirectoryChangeEvent; args: { regionCodes?: string[] | null } }) =>
      wantsEvent(payload, args.regionCodes),
    description:
      "Announces every committed mutation that changes meetings, agenda items, participations or Members, over WebSocket (`graphql-transport-ws` protocol) at `/graphql`. Anonymous, like every read.",
  })
  directoryChanged(
    @Root() event: DirectoryChangeEvent,
    @Arg("regionCodes", () => [String], {
      nullable: true,
      description:
        "Only changes in these regions (codes, e.g. `EUROPE`), plus imports, which cannot be placed in regions. All changes when absent.",
    })
    regionCodes: string[] | null,
  ): DirectoryChange {
    void regionCodes;
    return event as DirectoryChange;
  }
}
