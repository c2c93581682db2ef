import { createHash } from "node:crypto";
import type { Role } from "./role";

/** Who is making a request, as established from their API token. */
export interface Caller {
  tokenId: number;
  name: string;
  role: Role;
}

/** A token accepted: whose it is, and until when it is valid. */
export interface VerifiedToken {
  caller: Caller;
  expiresAt: Date | null;
}

/**
 * What the platform needs from the tokens feature to authenticate a request: the port the `Authenticator`
 * depends on, so the platform never imports the feature (TokenService implements it).
 */
export interface TokenVerifier {
  /** The token's holder, or null when the secret is unknown, expired or revoked. */
  authenticateToken(secret: string): Promise<VerifiedToken | null>;
}

/** Tokens are stored and looked up by this digest only; the secret itself is never kept. */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Reads `Authorization: Bearer <token>`; anything else in the header is not a token of ours. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}
