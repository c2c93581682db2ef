import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../../common/node";

export type Snapshot = Record<string, unknown>;

const json = {
  to: (value: Snapshot | null | undefined) => (value ? JSON.stringify(value) : null),
  from: (value: string | null) => (value ? (JSON.parse(value) as Snapshot) : null),
};

@ObjectType("AuditEntry", {
  simpleResolvers: true,
  implements: Node,
  description:
    "One successful change to the directory: who made it, what changed, when, and the values before and after.",
})
@Entity({ name: "audit_entry" })
@Index("IDX_audit_entry_entity", ["entityType", "entityId"])
@Index("IDX_audit_entry_actor", ["actor"])
@Index("IDX_audit_entry_operation", ["operation"])
@Index("IDX_audit_entry_at", ["at"])
export class AuditEntry extends Node {
  static readonly typename = "AuditEntry";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "When the change was committed (UTC), ISO 8601." })
  @Column({ name: "at", type: "varchar", length: 30 })
  at!: string;

  @Field({ description: "Name of the API token that made the change, or `cli` for command-line imports." })
  @Column({ name: "actor", type: "varchar", length: 120 })
  actor!: string;

  @Column({ name: "token_id", type: "integer", nullable: true })
  tokenId!: number | null;

  @Field({ description: "The operation, e.g. `updateMeeting` or `importDirectory`." })
  @Column({ name: "operation", type: "varchar", length: 80 })
  operation!: string;

  @Field({ description: "GraphQL type of the changed object, e.g. `Meeting`." })
  @Column({ name: "entity_type", type: "varchar", length: 40 })
  entityType!: string;

  @Field(() => ID, { description: "Global id of the changed object (it may no longer exist)." })
  @Column({ name: "entity_id", type: "varchar", length: 64 })
  entityId!: string;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "Stored values before the change; null for a creation.",
  })
  @Column({ name: "before", type: "text", nullable: true, transformer: json })
  before!: Snapshot | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "Stored values after the change; null for a deletion.",
  })
  @Column({ name: "after", type: "text", nullable: true, transformer: json })
  after!: Snapshot | null;
}
