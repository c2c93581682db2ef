import { getNamedType } from "graphql";
import type { ValidationError, ValidatorOptions } from "class-validator";
import { validate } from "class-validator";
import type { ResolverData, ValidatorFn } from "type-graphql";

type TypeValue = Parameters<ValidatorFn>[1];
import type { FieldProblem } from "./errors";
import { BadUserInputError } from "./errors";

/** Flattens class-validator's nested errors into `path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ""): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) problems.push({ path, message });
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

const OPTIONS: ValidatorOptions = {
  skipMissingProperties: true,
  // Args classes without rules (pagination) are valid; unknown input fields are refused by GraphQL itself.
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/** The name of the argument an input object came from, so problems read `filter.titleContains`. */
function argumentNameOf(argType: TypeValue, { info }: ResolverData<object>): string {
  const typeName = typeof argType === "function" ? argType.name : undefined;
  const field = info.parentType.getFields()[info.fieldName];
  const matches = field?.args.filter((arg) => getNamedType(arg.type).name === typeName) ?? [];
  return matches.length === 1 ? matches[0]!.name : "";
}

/**
 * Runs class-validator on every input object (type-graphql 2 leaves validation off by default) and turns
 * failures into BAD_USER_INPUT with the path of each offending field.
 */
export async function validateInput(argValue: unknown, argType: TypeValue, data: ResolverData<object>): Promise<void> {
  if (argValue === null || typeof argValue !== "object") return;
  const values: object[] = Array.isArray(argValue)
    ? argValue.filter((v): v is object => v !== null && typeof v === "object")
    : [argValue];
  const prefix = argumentNameOf(argType, data);
  const problems = [];
  for (const [i, value] of values.entries()) {
    const path = Array.isArray(argValue) ? `${prefix}[${i}]` : prefix;
    problems.push(...flattenValidationErrors(await validate(value, OPTIONS), path));
  }
  if (problems.length) {
    throw new BadUserInputError(
      `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      problems,
    );
  }
}
