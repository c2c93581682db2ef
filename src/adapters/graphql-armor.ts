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

/**
 * GraphQL Armor's depth, alias and directive rules, as plain graphql-js validation rules: the one place that
 * adapts Armor. Its default is to throw out of `validate()` with a message starting "Syntax Error:"; here each
 * refusal is reported like any validation error ("Query depth limit of 12 exceeded, found 13.") and counted
 * by `onReject` under its limit's name. test/adapters.test.ts fails if an upgrade changes either behaviour.
 */
export function armorRules(limits: ArmorLimits, onReject: (limit: string) => void): ValidationRule[] {
  const report = (limit: string) => [
    (context: ValidationContext | null, error: GraphQLError) => {
      onReject(limit);
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
