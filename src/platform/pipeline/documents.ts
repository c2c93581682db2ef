import type {
  ASTNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
  OperationTypeNode,
  ValidationRule,
  ValueNode,
  VariableDefinitionNode,
} from "graphql";
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, visit } from "graphql";
import type { CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";
import { forbiddenCharacterIn, forbiddenCharacterMessage } from "../../common/control-characters";
import type { FieldProblem } from "../../common/errors";
import { InvalidScalarValueError } from "../../common/scalars";
import type { ArmorLimits } from "../adapters/graphql-armor";
import { DepthLimitError, armorRules } from "../adapters/graphql-armor";
import { mutationArguments, pricedVariables } from "./cost";
import type { ShapeLimits } from "./document-shape";
import { checkShape } from "./document-shape";
import type { Refusal } from "./refusal";
import { refusal, refusalOf } from "./refusal";

/** What a document may be: the limits checked once per distinct document text. */
export interface DocumentLimits extends ArmorLimits, ShapeLimits {
  maxTokens: number;
  maxDocumentBytes: number;
}

/**
 * One operation of a validated document, with every fact about it that depends only on the document: worked
 * out on first use, then reused by every request that sends the same text.
 */
export class OperationPlan {
  /** The variables its price depends on (src/platform/pipeline/cost.ts); none: one price for every request. */
  readonly pricedVariables: readonly string[];
  /** A mutation's root arguments, whose objects are added to its price on each request (`mutationInputWeight`). */
  readonly inputArguments: readonly ValueNode[];
  /** Prices by the values of `pricedVariables` (JSON), for operations whose price depends on variables. */
  readonly prices = new LRUCache<string, number>({ max: 64 });
  /** The price of an operation that depends on no variable, once computed. */
  fixedPrice: number | undefined;
  /** graphql-jit's compiled form, built on first execution (src/platform/pipeline/executor.ts). */
  compiled: CompiledQuery | undefined;

  constructor(
    readonly document: DocumentNode,
    readonly definition: OperationDefinitionNode,
    fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {
    this.pricedVariables = pricedVariables(definition, fragments);
    this.inputArguments = mutationArguments(definition, fragments);
  }

  get name(): string | undefined {
    return this.definition.name?.value;
  }

  get type(): OperationTypeNode {
    return this.definition.operation;
  }

  get variableDefinitions(): readonly VariableDefinitionNode[] {
    return this.definition.variableDefinitions ?? [];
  }
}

/** A document that parsed and validated, by operation name (`""` for an anonymous one). */
export interface ValidDocument {
  readonly kind: "valid";
  readonly document: DocumentNode;
  readonly operations: ReadonlyMap<string, OperationPlan>;
}

export type DocumentEntry = ValidDocument | Refusal;

/**
 * Approximate memory an entry holds per character of its text, for the cache's size bound: its AST is many
 * times the size of its text (the measured ratio is in docs/benchmarks.md).
 */
const BYTES_PER_CHARACTER = 16;

/**
 * Parses and validates each distinct document text once and keeps the outcome — valid or refused — in a
 * bounded LRU, so that a request repeating a document costs a lookup: no parse, no validation, no
 * re-derivation of its operations' facts; and a flood of one invalid document costs as little.
 *
 * Validation is bounded: the token cap bounds parsing, `checkShape` bounds what the quadratic
 * OverlappingFieldsCanBeMerged rule can be given, and at most `MAX_VALIDATION_ERRORS` errors are collected.
 */
export class DocumentCache {
  private readonly entries: LRUCache<string, ValidDocument>;
  /**
   * Refused documents, apart and smaller: a flood of one invalid document costs a lookup, while a flood of
   * distinct ones (each refused once) cannot push the valid documents out or grow the heap.
   */
  private readonly refusals = new LRUCache<string, Refusal>({
    maxSize: 8 * 1024 * 1024,
    sizeCalculation: (_entry, text) => Math.max(1, text.length),
  });
  private readonly rules: readonly ValidationRule[];
  /** The first Armor limit that refused the document being validated (validation is synchronous). */
  private armorLimit: string | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: DocumentLimits,
    options: { introspection: boolean; armor?: boolean; maxBytes?: number },
  ) {
    this.rules = [
      ...specifiedRules,
      ...(options.armor === false ? [] : armorRules(limits, (limit) => (this.armorLimit ??= limit))),
      ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
    this.entries = new LRUCache<string, ValidDocument>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (_entry, text) => Math.max(1, text.length * BYTES_PER_CHARACTER),
    });
  }

  /** The cached outcome for this text, if any (a hit costs no parsing). */
  peek(text: string): DocumentEntry | undefined {
    return this.entries.get(text) ?? this.refusals.get(text);
  }

  /** The outcome for this text: from the cache, or parsed, checked, validated and cached now. */
  get(text: string): DocumentEntry {
    const known = this.peek(text);
    if (known) return known;
    const entry = this.compile(text);
    if (entry.kind === "valid") this.entries.set(text, entry);
    else this.refusals.set(text, entry);
    return entry;
  }

  private compile(text: string): DocumentEntry {
    // Characters are at most 3 bytes of UTF-8 here (4 only as surrogate pairs, 2 characters): skip the count
    // when even that bound fits.
    if (
      text.length * 3 > this.limits.maxDocumentBytes &&
      Buffer.byteLength(text, "utf8") > this.limits.maxDocumentBytes
    ) {
      return refusal("DOCUMENT_TOO_LARGE", `The GraphQL document exceeds ${this.limits.maxDocumentBytes} bytes`, {
        limit: "size",
      });
    }
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: this.limits.maxTokens, noLocation: false });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return refusalOf("GRAPHQL_PARSE_FAILED", [error], /token limit/i.test(error.message) ? "tokens" : undefined);
    }
    const forbidden = forbiddenCharacterInLiterals(document);
    if (forbidden) return forbidden;
    const shape = checkShape(document, this.limits);
    if (shape) return refusalOf("GRAPHQL_VALIDATION_FAILED", [shape], "shape");
    this.armorLimit = undefined;
    const errors = validate(this.schema, document, this.rules, { maxErrors: MAX_VALIDATION_ERRORS });
    if (errors.length) {
      // Too deep is refused as such, whatever else is wrong: the query must change shape in any case.
      const tooDeep = errors.filter((error) => error instanceof DepthLimitError);
      if (tooDeep.length) return refusalOf("QUERY_TOO_DEEP", tooDeep, "depth");
      return invalidArguments(document, errors) ?? refusalOf("GRAPHQL_VALIDATION_FAILED", errors, this.armorLimit);
    }
    return { kind: "valid", document, operations: plansOf(document) };
  }
}

/** Validation stops after this many errors: a document of many mistakes is not worth listing them all. */
const MAX_VALIDATION_ERRORS = 20;

/** Control characters written as escapes inside the document's strings (`"\u0000"`), refused as in variables. */
function forbiddenCharacterInLiterals(document: DocumentNode): Refusal | null {
  let found: Refusal | null = null;
  visit(document, {
    [Kind.STRING](node) {
      const character = forbiddenCharacterIn(node.value);
      if (character && !found) {
        found = refusal("BAD_USER_INPUT", `A string of the document ${forbiddenCharacterMessage(character)}`, {
          nodes: node,
          extensions: { problems: [{ path: "query", message: forbiddenCharacterMessage(character) }] },
        });
      }
    },
  });
  return found;
}

/**
 * A document whose only faults are values our scalars refuse, written in it (`startDateFrom: "2021-02-30"`):
 * refused as BAD_USER_INPUT, like the same value sent in a variable, with `extensions.problems` naming each
 * by the argument it is in (`filter.startDateFrom`) or, in a variable's default, by the variable. Null when
 * anything else is wrong with the document, which is then a validation failure as a whole.
 */
function invalidArguments(document: DocumentNode, errors: readonly GraphQLError[]): Refusal | null {
  const refused = new Map<ASTNode, InvalidScalarValueError>();
  for (const error of errors) {
    const node = error.nodes?.[0];
    if (!(error instanceof InvalidScalarValueError) || !node) return null;
    refused.set(node, error);
  }
  const problems: FieldProblem[] = [];
  const nodes: ValueNode[] = [];
  // Recursion as deep as the value's nesting in the document, which the parser has already been through.
  const walk = (value: ValueNode, path: string) => {
    const error = refused.get(value);
    if (error) {
      problems.push({ path, message: error.problem });
      nodes.push(value);
    } else if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) walk(field.value, `${path}.${field.name.value}`);
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  visit(document, {
    [Kind.ARGUMENT](node) {
      walk(node.value, node.name.value);
      return false;
    },
    [Kind.VARIABLE_DEFINITION](node) {
      if (node.defaultValue) walk(node.defaultValue, node.variable.name.value);
      return false;
    },
  });
  // Every refused value must have been found, or the answer would leave one out.
  if (problems.length !== refused.size) return null;
  return refusal("BAD_USER_INPUT", `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, {
    nodes,
    extensions: { problems },
  });
}

function plansOf(document: DocumentNode): Map<string, OperationPlan> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const plans = new Map<string, OperationPlan>();
  for (const operation of operations) {
    plans.set(operation.name?.value ?? "", new OperationPlan(document, operation, fragments));
  }
  return plans;
}
