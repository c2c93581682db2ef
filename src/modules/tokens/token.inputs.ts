import { Length } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ApiToken } from "./api-token.entity";
import { Role } from "../../platform/auth/role";

@InputType("CreateApiTokenInput", { description: "A new API token." })
export class CreateApiTokenInput {
  @Field({ description: "Who will use it; shown in the audit trail. 1–120 characters." })
  @Length(1, 120)
  name!: string;

  @Field(() => Role, { description: "What it may do." })
  role!: Role;

  @Field(() => Date, {
    nullable: true,
    description: "When it stops working; must be in the future. Omit for no expiry.",
  })
  expiresAt?: Date | null;
}

@ObjectType("CreateApiTokenPayload", {
  simpleResolvers: true,
  description: "The new token. Its secret is shown here once and never again.",
})
export class CreateApiTokenPayload {
  @Field({
    description: "The secret to send as `Authorization: Bearer <secret>`. Store it now: it cannot be shown again.",
  })
  secret!: string;

  @Field(() => ApiToken, { description: "The token's record." })
  apiToken!: ApiToken;
}

@InputType("RevokeApiTokenInput", { description: "The token to revoke." })
export class RevokeApiTokenInput {
  @Field(() => ID, { description: "The token's id." })
  id!: string;
}

@ObjectType("RevokeApiTokenPayload", {
  simpleResolvers: true,
  description: "The revoked token.",
})
export class RevokeApiTokenPayload {
  @Field(() => ApiToken, { description: "The token's record, with `revokedAt` set." })
  apiToken!: ApiToken;
}
