import type { Actor } from "../db/mutation";
import type { GatewayContext } from "../context";

/** The audit identity of an authorized request (the auth checker has already required a caller). */
export function actorOf(ctx: GatewayContext): Actor {
  if (!ctx.caller) throw new Error("actorOf called on an unauthenticated request");
  return { name: ctx.caller.name, tokenId: ctx.caller.tokenId };
}

/** Changes made from the command line (seed, import, token creation) are attributed to `cli`. */
export const CLI_ACTOR: Actor = { name: "cli", tokenId: null };
