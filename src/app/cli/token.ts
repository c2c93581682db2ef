import "reflect-metadata";
import { parseArgs } from "node:util";
import { CLI_ACTOR } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { TokenService } from "../../modules/tokens/token.service";
import { MutationRunner } from "../../platform/db/mutation";
import { fail, withDatabase } from "./cli-data-source";

const USAGE =
  'usage: npm run token:create -- --role admin|editor --name "Who uses it" [--expires 2027-01-01T00:00:00Z]';

/** Issues an API token from the command line: how the first admin token comes to exist. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: "string" }, name: { type: "string" }, expires: { type: "string" } },
  });
  const role = values.role?.toUpperCase();
  const expiresAt = values.expires ? new Date(values.expires) : null;
  if (
    (role !== Role.ADMIN && role !== Role.EDITOR) ||
    !values.name?.trim() ||
    (expiresAt && Number.isNaN(expiresAt.getTime()))
  ) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  await withDatabase(async (dataSource) => {
    const tokens = new TokenService(dataSource, new MutationRunner(dataSource));
    const { secret, apiToken } = await tokens.create(CLI_ACTOR, { name: values.name!, role: role as Role, expiresAt });
    console.error(
      `Created ${apiToken.role} token "${apiToken.name}" (${apiToken.globalId}). It is shown once; store it now:`,
    );
    console.log(secret);
  });
}

main().catch(fail);
