import { randomBytes } from "node:crypto";
import type { DataSource, Repository } from "typeorm";
import { BadUserInputError } from "../../common/errors";
import { cleanText } from "../../common/input-rules";
import type { Actor, MutationRunner } from "../../platform/db/mutation";
import type { EntityReader } from "../../platform/db/entity-reader";
import { readerOf } from "../../platform/db/entity-reader";
import { ApiToken } from "./api-token.entity";
import type { Caller, TokenVerifier, VerifiedToken } from "../../platform/auth/caller";
import { hashToken } from "../../platform/auth/caller";
import type { CreateApiTokenInput } from "./token.inputs";

const TOKEN_PREFIX = "ceg_";

export class TokenService implements TokenVerifier {
  private readonly tokens: Repository<ApiToken>;
  /** Tokens that reach resolvers are read as every other entity is (src/platform/db/entity-reader.ts). */
  private readonly reader: EntityReader<ApiToken>;

  constructor(
    dataSource: DataSource,
    private readonly mutations: MutationRunner,
  ) {
    this.tokens = dataSource.getRepository(ApiToken);
    this.reader = readerOf(dataSource, ApiToken);
  }

  list(): Promise<ApiToken[]> {
    return this.reader.all(`"t"."id"`);
  }

  /** Creates a token. The secret is returned here, once; only its SHA-256 is stored. */
  create(actor: Actor, input: CreateApiTokenInput): Promise<{ secret: string; apiToken: ApiToken }> {
    if (input.expiresAt && input.expiresAt <= new Date()) {
      throw BadUserInputError.forField("input.expiresAt", "must be in the future");
    }
    return this.mutations.run(actor, "createApiToken", async (tx) => {
      const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
      const apiToken = await tx.insert(ApiToken, {
        name: cleanText(input.name, "input.name"),
        role: input.role,
        tokenHash: hashToken(secret),
        tokenPrefix: secret.slice(0, 10),
        expiresAt: input.expiresAt ?? null,
        revokedAt: null,
      });
      return { secret, apiToken };
    });
  }

  revoke(actor: Actor, globalId: string): Promise<{ apiToken: ApiToken }> {
    return this.mutations.run(actor, "revokeApiToken", async (tx) => {
      const token = await tx.get(ApiToken, globalId, "input.id");
      if (token.revokedAt) return { apiToken: token };
      const before = tx.snapshot(token);
      token.revokedAt = new Date();
      await tx.em.save(token);
      tx.record(ApiToken.typename, token.id, before, tx.snapshot(token));
      return { apiToken: token };
    });
  }

  /** The caller a secret belongs to, or null when it is unknown, revoked or expired. */
  async authenticate(secret: string, now = new Date()): Promise<Caller | null> {
    return (await this.authenticateToken(secret, now))?.caller ?? null;
  }

  /** The caller a secret belongs to and when the token expires, or null when it is unknown, revoked or expired. */
  async authenticateToken(secret: string, now = new Date()): Promise<VerifiedToken | null> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
    const token = await this.tokens.findOneBy({ tokenHash: hashToken(secret) });
    if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
    return { caller: { tokenId: token.id, name: token.name, role: token.role }, expiresAt: token.expiresAt };
  }
}
