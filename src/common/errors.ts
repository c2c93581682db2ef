import { GraphQLError } from "graphql";
import type { CatalogueCode } from "./error-catalogue";

/**
 * The stable error codes clients may branch on. They travel in `errors[].extensions.code`; the message
 * is for humans and may change, the code may not.
 */
export const ErrorCode = {
  BadUserInput: "BAD_USER_INPUT",
  NotFound: "NOT_FOUND",
  Unauthenticated: "UNAUTHENTICATED",
  Forbidden: "FORBIDDEN",
  Conflict: "CONFLICT",
  TooLarge: "RESULT_TOO_LARGE",
  DatabaseBusy: "DATABASE_BUSY",
  Internal: "INTERNAL_SERVER_ERROR",
} as const satisfies Record<string, CatalogueCode>;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One offending input value: where it is (`input.startDate`, `first`) and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The caller sent a value the API cannot accept; nothing was changed. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, problems: FieldProblem[] = []) {
    super(message, { extensions: { code: ErrorCode.BadUserInput, ...(problems.length ? { problems } : {}) } });
  }

  static forField(path: string, message: string): BadUserInputError {
    return new BadUserInputError(`${path}: ${message}`, [{ path, message }]);
  }
}

/** The caller named something (by id, slug, code…) that does not exist. */
export class NotFoundError extends GraphQLError {
  constructor(entity: string, key: string) {
    super(`${entity} ${key} does not exist`, { extensions: { code: ErrorCode.NotFound, entity } });
  }
}

/** The operation needs a valid API token and none (or an invalid, expired or revoked one) was sent. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = "This operation needs an API token: send `Authorization: Bearer <token>`") {
    super(message, { extensions: { code: ErrorCode.Unauthenticated } });
  }
}

/** The caller is known but their role does not allow the operation. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.Forbidden } });
  }
}

/** The change was based on a stale version, or collides with existing data; nothing was changed. */
export class ConflictError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.Conflict, ...extensions } });
  }
}

/** The answer would be too large for one response; the message says which other way to get it. */
export class ResultTooLargeError extends GraphQLError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.TooLarge, ...extensions } });
  }
}

/**
 * Seconds a client whose write met DATABASE_BUSY is told to wait (`Retry-After`). Short: the retry waits for
 * the lock again (up to SQLITE_BUSY_TIMEOUT_MS) on its own, so retrying soon costs the gateway little.
 */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A write that could not get its turn in time: another write held the database's write lock (typically a
 * command-line import), a lock its rows needed (PostgreSQL), or this process's queue of mutations, for longer
 * than the lock timeout. Its transaction was rolled back whole, so nothing was changed; the client may retry
 * after `retryAfterSeconds`.
 */
export class DatabaseBusyError extends GraphQLError {
  constructor(lockTimeoutMs: number) {
    super(
      `The database is busy with another write (such as an import): this change could not get its turn within ${lockTimeoutMs} ms. Nothing was changed; retry in a moment.`,
      { extensions: { code: ErrorCode.DatabaseBusy, retryAfterSeconds: DATABASE_BUSY_RETRY_AFTER_SECONDS } },
    );
  }
}
