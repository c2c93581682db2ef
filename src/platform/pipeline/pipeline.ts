import type { GraphQLSchema } from "graphql";
import type { MaybePromise } from "../../common/maybe-promise";
import { then } from "../../common/maybe-promise";
import type { ListSizes } from "./cost";
import { connectionCostWith, estimateCost, mutationInputWeight } from "./cost";
import type { ComplexityEstimator } from "graphql-query-complexity";
import type { DocumentCache, OperationPlan, ValidDocument } from "./documents";
import type { PersistedQueries } from "./persisted-queries";
import type { RateBudget } from "./rate-budget";
import { CHARGES } from "./rate-budget";
import type { Refusal } from "./refusal";
import { isRefusal, refusal } from "./refusal";
import type { VariableLimits } from "./variables";
import { VARIABLE_LIMITS, checkVariables, coerceVariables } from "./variables";

/** One GraphQL request, from an HTTP body or query string or a WebSocket `subscribe` message. */
export interface GraphQLRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** How the request arrived: it decides which operation types may run (mutations never over GET). */
export type Transport = "post" | "get" | "websocket";

/** An operation cleared to run: its plan, its checked variables and its price. */
export interface Admitted {
  readonly kind: "admitted";
  readonly plan: OperationPlan;
  /**
   * The variables coerced to their declared types, defaults filled in. Executors receive these: graphql-jit
   * 0.8 misses defaults of non-null input fields (`dryRun: Boolean! = false`), and coercing coerced values
   * again changes nothing (every enum's value is its name; every custom scalar parses its own output).
   */
  readonly variables: Record<string, unknown>;
  readonly cost: number;
}

export interface PipelineOptions {
  schema: GraphQLSchema;
  documents: DocumentCache;
  budget: RateBudget;
  /** Null: automatic persisted queries are not served (PERSISTED_QUERY_NOT_SUPPORTED would be Apollo's answer). */
  persistedQueries: PersistedQueries | null;
  maxCost: number;
  /** False: operations are not priced (a price of 0, no QUERY_TOO_COMPLEX); only to measure the protection. */
  pricing?: boolean;
  variableLimits?: VariableLimits;
  /** What lists without a page size are assumed to hold, by `Type.field`, as the features declare them. */
  listSizes: ListSizes;
}

/**
 * The admission pipeline: the one function every GraphQL request passes through, over HTTP and WebSocket,
 * before anything of it runs. Each step is bounded, and the client's budget is charged for what each step
 * costs, the first point before any work:
 *
 * 1. one point, charged by the transport as the request arrives, before it is even parsed
 *    (`chargeAdmission`): a client whose budget is spent is refused before any work;
 * 2. the document text (or the stored text of a persisted query's hash);
 * 3. the document: from the cache, or parsed with a token cap, checked for shapes that would make validation
 *    slow, validated (with GraphQL Armor's depth, alias and directive rules), its operations' facts worked
 *    out, and charged one more point; the outcome, refusals included, is cached per text;
 * 4. the operation: the one `operationName` names, or the only one (OPERATION_RESOLUTION_FAILURE otherwise),
 *    of a type the transport may run;
 * 5. variables: list lengths, nesting and characters checked without recursion, then coerced once with an
 *    error cap;
 * 6. the price (worst-case objects), computed once per document or per value of the variables it depends on;
 * 7. the rest of the operation's weight charged to the budget.
 *
 * What runs the operation (and holds an execution slot) is the transport's: it gets an `Admitted` or the
 * `Refusal` to answer with.
 */
export class AdmissionPipeline {
  private readonly variableLimits: VariableLimits;
  private readonly costEstimator: ComplexityEstimator;

  constructor(private readonly options: PipelineOptions) {
    this.variableLimits = options.variableLimits ?? VARIABLE_LIMITS;
    this.costEstimator = connectionCostWith(options.listSizes);
  }

  /**
   * Charges the first point of a request, before any work: transports call it as a request arrives, before
   * they parse it (a request answered from the response cache costs this point only).
   */
  chargeAdmission(client: string): MaybePromise<Refusal | null> {
    return this.options.budget.charge(client, CHARGES.admission);
  }

  /**
   * The rest of the pipeline, for a request whose admission point `chargeAdmission` has taken. Answers at
   * once when no step has to wait (no persisted query to look up, no rate budget to consult).
   */
  admit(request: GraphQLRequest, client: string, transport: Transport): MaybePromise<Admitted | Refusal> {
    const persisted = request.extensions?.persistedQuery;
    if (persisted === undefined || persisted === null)
      return this.admitText(request.query, null, request, client, transport);
    if (!this.options.persistedQueries) return refusal("BAD_REQUEST", "Persisted queries are not supported");
    return this.options.persistedQueries
      .resolve(request.query, persisted)
      .then((resolved) =>
        isRefusal(resolved) ? resolved : this.admitText(resolved.text, resolved.register, request, client, transport),
      );
  }

  private admitText(
    text: string | undefined,
    register: string | null,
    request: GraphQLRequest,
    client: string,
    transport: Transport,
  ): MaybePromise<Admitted | Refusal> {
    if (text === undefined || text === "") {
      return refusal("BAD_REQUEST", "A GraphQL request must carry a non-empty `query` (or a persisted query's hash)");
    }
    // A text not seen before is parsed and validated now, synchronously, and charged as it is: concurrent
    // requests of one new document never pay twice for one parse.
    const { documents, budget } = this.options;
    const known = documents.peek(text);
    const entry = known ?? documents.get(text);
    const admit = () => {
      if (entry.kind === "refused") return entry;
      if (register !== null) void this.options.persistedQueries?.register(register, text).catch(() => undefined);
      return this.admitOperation(
        entry,
        request,
        client,
        transport,
        known ? CHARGES.admission : CHARGES.admission + CHARGES.newDocument,
      );
    };
    if (known) return admit();
    return then(budget.charge(client, CHARGES.newDocument), (refused) => refused ?? admit());
  }

  private admitOperation(
    document: ValidDocument,
    request: GraphQLRequest,
    client: string,
    transport: Transport,
    charged: number,
  ): MaybePromise<Admitted | Refusal> {
    const plan = this.operationOf(document, request.operationName);
    if (isRefusal(plan)) return plan;
    const wrongTransport = this.checkTransport(plan, transport);
    if (wrongTransport) return wrongTransport;

    const variables = request.variables ?? {};
    const { schema, budget } = this.options;
    const unfit = checkVariables(schema, plan.variableDefinitions, variables, this.variableLimits);
    if (unfit) return unfit;
    const coerced = coerceVariables(schema, plan.variableDefinitions, variables, this.variableLimits);
    if (isRefusal(coerced)) return coerced;

    const cost = this.options.pricing === false ? 0 : this.priceOf(plan, variables);
    if (isRefusal(cost)) return cost;
    if (cost > this.options.maxCost) {
      return refusal(
        "QUERY_TOO_COMPLEX",
        plan.type === "mutation"
          ? `This mutation could write and resolve up to ${cost} objects; the limit is ${this.options.maxCost}. Send its input in smaller parts, or select less.`
          : `This operation could resolve up to ${cost} objects; the limit is ${this.options.maxCost}. Ask for smaller pages (first/last) or fewer nested lists.`,
        { extensions: { cost: { estimated: cost, limit: this.options.maxCost } }, limit: "cost" },
      );
    }
    const admitted: Admitted = { kind: "admitted", plan, variables: coerced.coerced, cost };
    // The operation's weight in all, of which the steps above have already charged a part.
    return then(budget.charge(client, budget.weightOf(plan.type, cost) - charged), (refused) => refused ?? admitted);
  }

  private operationOf(document: ValidDocument, operationName: string | undefined): OperationPlan | Refusal {
    if (operationName !== undefined) {
      return (
        (operationName !== "" ? document.operations.get(operationName) : undefined) ??
        refusal("OPERATION_RESOLUTION_FAILURE", `Unknown operation named "${operationName}".`)
      );
    }
    if (document.operations.size === 1) return document.operations.values().next().value!;
    return refusal(
      "OPERATION_RESOLUTION_FAILURE",
      "Must provide operation name if query contains multiple operations.",
    );
  }

  private checkTransport(plan: OperationPlan, transport: Transport): Refusal | null {
    if (transport === "get" && plan.type !== "query") {
      return refusal("METHOD_NOT_ALLOWED", `GET requests only support query operations, not ${plan.type} operations`, {
        headers: { allow: "POST" },
      });
    }
    if (transport === "websocket" && plan.type !== "subscription") {
      return refusal(
        "BAD_REQUEST",
        "Only subscriptions are served over WebSocket; send queries and mutations over HTTP",
      );
    }
    if (transport !== "websocket" && plan.type === "subscription") {
      return refusal("BAD_REQUEST", "Subscriptions are served over WebSocket (graphql-transport-ws) at this URL");
    }
    return null;
  }

  /**
   * The operation's price: what it selects, computed once per document or once per value of the variables it
   * depends on, and for a mutation the objects its input carries, counted on each request (`mutationInputWeight`).
   */
  private priceOf(plan: OperationPlan, variables: Record<string, unknown>): number | Refusal {
    const selected = this.selectionPriceOf(plan, variables);
    if (typeof selected !== "number" || !plan.inputArguments.length) return selected;
    return selected + mutationInputWeight(plan.inputArguments, variables);
  }

  private selectionPriceOf(plan: OperationPlan, variables: Record<string, unknown>): number | Refusal {
    if (plan.fixedPrice !== undefined) return plan.fixedPrice;
    const key = plan.pricedVariables.length ? JSON.stringify(plan.pricedVariables.map((name) => variables[name])) : "";
    const known = key ? plan.prices.get(key) : undefined;
    if (known !== undefined) return known;
    let cost: number;
    try {
      cost = estimateCost(this.options.schema, this.costEstimator, plan.document, variables, plan.name);
    } catch (error) {
      return refusal("BAD_USER_INPUT", error instanceof Error ? error.message : String(error));
    }
    if (key) plan.prices.set(key, cost);
    else plan.fixedPrice = cost;
    return cost;
  }
}
