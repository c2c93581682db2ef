import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../../common/node";
import { Role } from "../../platform/auth/role";

@ObjectType("ApiToken", {
  simpleResolvers: true,
  implements: Node,
  description: "An API token's record. The secret itself is shown once, at creation, and stored only as a hash.",
})
@Entity({ name: "api_token" })
@Index("UQ_api_token_hash", ["tokenHash"], { unique: true })
export class ApiToken extends Node {
  static readonly typename = "ApiToken";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Field({ description: "Who or what uses the token, e.g. `Jane Doe (secretariat)`; recorded in the audit trail." })
  @Column({ name: "name", type: "varchar", length: 120 })
  name!: string;

  @Field(() => Role, { description: "What the token may do." })
  @Column({ name: "role", type: "varchar", length: 20 })
  role!: Role;

  /** SHA-256 of the secret: tokens carry 256 random bits, so a fast hash is enough and lookups stay cheap. */
  @Column({ name: "token_hash", type: "varchar", length: 64 })
  tokenHash!: string;

  @Field({ description: "The token's first characters, to recognise it without revealing it." })
  @Column({ name: "token_prefix", type: "varchar", length: 16 })
  tokenPrefix!: string;

  @Field({ description: "When the token was created (UTC)." })
  @CreateDateColumn({ name: "created_at" })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "After this instant the token is refused; null: never expires." })
  @Column({ name: "expires_at", type: "varchar", length: 30, nullable: true, transformer: isoInstant() })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the token was revoked; null while it is valid." })
  @Column({ name: "revoked_at", type: "varchar", length: 30, nullable: true, transformer: isoInstant() })
  revokedAt!: Date | null;
}

/** Stores instants as ISO-8601 UTC text, which compares and sorts correctly on every engine. */
function isoInstant() {
  return {
    to: (value: Date | null | undefined) => (value ? value.toISOString() : null),
    from: (value: string | null) => (value ? new Date(value) : null),
  };
}
