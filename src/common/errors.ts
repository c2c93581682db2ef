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
