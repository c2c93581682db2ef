import { GraphQLJSONObject } from "graphql-scalars";
import { Field, InputType, Int, ObjectType } from "type-graphql";

@InputType("ImportDirectoryInput", {
  description: "A directory file to import, in the format of the gateway's `seeds/`.",
})
export class ImportDirectoryInput {
  @Field(() => GraphQLJSONObject, {
    description:
      "The file's content: `regions`, `organisations`, `members`, `people`, `themes`, `sources`, each feature's own section (an export shows them all), `meetings` (all optional). Records are matched by natural key (code, ISO code, slug, year) and updated in place.",
  })
  directory!: Record<string, unknown>;

  @Field({ defaultValue: false, description: "Validate and count what would change, then roll back." })
  dryRun!: boolean;
}

@ObjectType("EntityChanges", {
  simpleResolvers: true,
  description: "How many objects of one type an import created, updated and deleted.",
})
export class EntityChanges {
  @Field({ description: "The type, e.g. `Meeting`, `AgendaItem`, `AgendaItemSpeaker`." })
  entity!: string;

  @Field(() => Int, { description: "Objects created." })
  created!: number;

  @Field(() => Int, { description: "Objects (or, for link types, sets of links) changed." })
  updated!: number;

  @Field(() => Int, { description: "Objects deleted because a list in the file no longer holds them." })
  deleted!: number;
}

@ObjectType("ImportDirectoryPayload", {
  simpleResolvers: true,
  description: "What an import changed, or would change in a dry run.",
})
export class ImportDirectoryPayload {
  @Field({ description: "True when nothing was written." })
  dryRun!: boolean;

  @Field(() => Int, { description: "All changes, added up. 0 means the directory already held the file." })
  totalChanges!: number;

  @Field(() => [EntityChanges], { description: "Changes per type, by type name." })
  changes!: EntityChanges[];
}
