import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import type { GatewayContext } from "../../platform/context";
import { ImportDirectoryInput, ImportDirectoryPayload } from "./directory.types";
import { DirectoryService } from "./directory.service";

@Resolver()
export class DirectoryResolver {
  constructor(private readonly directory: DirectoryService) {}

  @Authorized(Role.ADMIN)
  @Mutation(() => ImportDirectoryPayload, {
    description:
      "Imports a directory file (the format of `seeds/`) in one transaction: every record is validated first, and any problem means nothing is written. Admins only.",
  })
  importDirectory(
    @Arg("input") input: ImportDirectoryInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ImportDirectoryPayload> {
    return this.directory.import(actorOf(ctx), input.directory, { dryRun: input.dryRun });
  }

  @Authorized(Role.ADMIN)
  @Query(() => GraphQLJSONObject, {
    description:
      "The whole directory as a directory file, ready for `importDirectory` or `npm run import`. Admins only. Refused with RESULT_TOO_LARGE above 5,000 meetings: use `npm run export` on the server.",
  })
  async exportDirectory(): Promise<Record<string, unknown>> {
    return { ...(await this.directory.exportForResponse()) };
  }
}
