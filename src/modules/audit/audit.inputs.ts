import { MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

@InputType("AuditEntryFilter", { description: "Narrows the audit trail. Conditions combine with AND." })
export class AuditEntryFilter {
  @Field(() => String, { nullable: true, description: "Only changes to objects of this type, e.g. `Meeting`." })
  @MaxLength(40)
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: "Only changes to this object (its global id)." })
  @MaxLength(64)
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: "Only changes made with the token of this name." })
  @MaxLength(120)
  actor?: string | null;

  @Field(() => String, { nullable: true, description: "Only changes made by this operation, e.g. `deleteMember`." })
  @MaxLength(80)
  operation?: string | null;

  @Field(() => Date, { nullable: true, description: "Only changes at or after this instant." })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: "Only changes before this instant." })
  until?: Date | null;
}
