import { LRUCache } from "lru-cache";
import type { MaybePromise } from "../../common/maybe-promise";
import type { Caller, TokenVerifier } from "./caller";
import { bearerToken, hashToken } from "./caller";

/** Who sent a request, as far as its `Authorization` header says. */
export interface Credentials {
  /** The token holder; null for anonymous readers and for tokens that are not (or no longer) valid. */
  caller: Caller | null;
  /** Whether the request carried a token, and whether it was accepted. */
  credentials: "none" | "valid" | "invalid";
  /** When the token stops being valid (its expiry), if it is valid and expires. */
  expiresAt?: Date | null;
  /** Why invalid credentials were refused, when it is not the token itself (unknown, expired or revoked). */
  problem?: string;
}

const ANONYMOUS: Credentials = Object.freeze({ caller: null, credentials: "none" });

/**
 * An Authorization value that is not `Bearer <token>`, most often the bare token: said as such, since
 * "unknown, expired or revoked" would send its holder looking for what is wrong with a good token.
 */
const MALFORMED: Credentials = Object.freeze({
  caller: null,
  credentials: "invalid",
  problem: "Authorization must be `Bearer <token>`: the word Bearer, a space, then the token",
});

/** How long a token's check is reused; a revocation clears every reuse at once (on every instance). */
const REUSE_MS = 5_000;

/**
 * Checks the `Authorization` header of each request and reuses the answer for a few seconds, so a client
 * sending its token with every request (or a flood of made-up tokens) costs a lookup in memory rather than a
 * database query each time. Revoking a token clears every reused answer, here and, through the revocation
 * event, on every instance (src/modules/live/token-events.ts); an answer is never reused past the token's expiry.
 */
export class Authenticator {
  private readonly checked = new LRUCache<string, Credentials>({ max: 10_000, ttl: REUSE_MS });

  constructor(private readonly tokens: TokenVerifier) {}

  /** The credentials of a request: at once for anonymous requests and tokens checked recently. */
  credentialsOf(authorization: string | undefined): MaybePromise<Credentials> {
    if (authorization === undefined) return ANONYMOUS;
    const secret = bearerToken(authorization);
    if (!secret) return MALFORMED;
    const key = hashToken(secret);
    const known = this.checked.get(key);
    if (known && !(known.expiresAt && known.expiresAt <= new Date())) return known;
    return this.tokens.authenticateToken(secret).then((token) => {
      const credentials: Credentials = token
        ? { caller: token.caller, credentials: "valid", expiresAt: token.expiresAt }
        : { caller: null, credentials: "invalid" };
      this.checked.set(key, credentials);
      return credentials;
    });
  }

  /** Forgets every reused answer: called when any token is revoked. */
  forgetAll(): void {
    this.checked.clear();
  }
}
