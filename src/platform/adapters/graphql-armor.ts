import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { ValidationContext, ValidationRule } from "graphql";
import { GraphQLError } from "graphql";

/** The operation-shape limits GraphQL Armor enforces for us. */
export interface ArmorLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
}

/** Armor words every refusal as a parse error, though the document parsed: it is a validation failure. */
const ARMOR_PREFIX = /^Syntax Error: /;

/** The depth Armor found, from its message ("Query depth limit of 12 exceeded, found 13."). */
const FOUND_DEPTH = /\bfound (\d+)\b/;

/**
 * An operation nested deeper than MAX_DEPTH. It has a code of its own (QUERY_TOO_DEEP): a client that nests
 * too deeply must change the shape of its query, not fix a mistake in it, and should be told so apart from
 * schema mismatches. `extensions.depth` says by how much, as `extensions.cost` does for QUERY_TOO_COMPLEX.
 */
export class DepthLimitError extends GraphQLError {
  constructor(
    readonly limit: number,
    readonly found: number | undefined,
  ) {
    super(
      `Query depth ${found === undefined ? "" : `${found} `}exceeds the limit of ${limit}: ` +
        "select fewer levels of nested fields, or split the query.",
      { extensions: { depth: { found, limit } } },
    );
  }
}

/**
 * GraphQL Armor's depth, alias and directive rules, as plain graphql-js validation rules: the one place that
 * adapts Armor. Its default is to throw out of `validate()` with a message starting "Syntax Error:"; here each
 * refusal is reported like any validation error ("Aliases limit of 15 exceeded, found 16.") and counted by
 * `onReject` under its limit's name; a depth refusal is reported as a `DepthLimitError`, in words of our own.
 * test/adapters.test.ts fails if an upgrade changes either behaviour.
 */
export function armorRules(limits: ArmorLimits, onReject: (limit: string) => void): ValidationRule[] {
  const report = (limit: string) => [
    (context: ValidationContext | null, error: GraphQLError) => {
      onReject(limit);
      if (limit === "depth") {
        const found = FOUND_DEPTH.exec(error.message)?.[1];
        context?.reportError(new DepthLimitError(limits.maxDepth, found === undefined ? undefined : Number(found)));
        return;
      }
      context?.reportError(new GraphQLError(error.message.replace(ARMOR_PREFIX, "")));
    },
  ];
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, ignoreIntrospection: true, onReject: report("depth") }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: report("aliases") }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: report("directives") }),
  ];
}
