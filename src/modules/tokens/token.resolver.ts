import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { GatewayContext } from "../../platform/context";
import { ApiToken } from "./api-token.entity";
import { Role } from "../../platform/auth/role";
import { CreateApiTokenInput, CreateApiTokenPayload, RevokeApiTokenInput, RevokeApiTokenPayload } from "./token.inputs";
import { actorOf } from "../../platform/auth/actor";
import { TokenService } from "./token.service";

@Resolver(() => ApiToken)
export class TokenResolver {
  constructor(private readonly tokens: TokenService) {}

  @Authorized(Role.ADMIN)
  @Query(() => [ApiToken], {
    description: "Every API token ever issued, oldest first, revoked ones included. Admins only.",
  })
  apiTokens(): Promise<ApiToken[]> {
    return this.tokens.list();
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreateApiTokenPayload, {
    description: "Issues an API token. Admins only. The secret is in the payload, once.",
  })
  createApiToken(@Arg("input") input: CreateApiTokenInput, @Ctx() ctx: GatewayContext): Promise<CreateApiTokenPayload> {
    return this.tokens.create(actorOf(ctx), input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RevokeApiTokenPayload, { description: "Revokes an API token at once. Admins only." })
  revokeApiToken(@Arg("input") input: RevokeApiTokenInput, @Ctx() ctx: GatewayContext): Promise<RevokeApiTokenPayload> {
    return this.tokens.revoke(actorOf(ctx), input.id);
  }
}
