import type { IncomingMessage } from "node:http";
import Negotiator from "negotiator";
import type { GraphQLRequest } from "../pipeline/pipeline";
import type { Refusal } from "../pipeline/refusal";
import { refusal } from "../pipeline/refusal";

/** The media types a GraphQL response can take (GraphQL over HTTP). */
export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
export const APPLICATION_JSON = "application/json";

export interface ResponseType {
  contentType: string;
  /**
   * The client asked for `application/json` by name (and not for application/graphql-response+json): GraphQL
   * over HTTP's legacy type, for which request errors (parse, validation, operation choice, variables) are
   * answered with 200. Without an Accept header, or with `*` / `*`, the body is `application/json` but those
   * errors keep their 4xx status, as for `application/graphql-response+json`.
   */
  legacyStatus: boolean;
}

const JSON_RESPONSE: ResponseType = { contentType: `${APPLICATION_JSON}; charset=utf-8`, legacyStatus: false };
const LEGACY_JSON_RESPONSE: ResponseType = { contentType: `${APPLICATION_JSON}; charset=utf-8`, legacyStatus: true };
const GRAPHQL_RESPONSE: ResponseType = { contentType: `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`, legacyStatus: false };

/**
 * The response's media type for an `Accept` header, or null when the client accepts neither (406). When both
 * are equally acceptable, `application/json` wins, as every GraphQL client understands it.
 */
export function responseTypeFor(accept: string | undefined): ResponseType | null {
  if (accept === undefined || accept === "" || accept === "*/*") return JSON_RESPONSE;
  if (accept === APPLICATION_JSON) return LEGACY_JSON_RESPONSE;
  if (accept === GRAPHQL_RESPONSE_JSON) return GRAPHQL_RESPONSE;
  const chosen = new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]);
  if (chosen === GRAPHQL_RESPONSE_JSON) return GRAPHQL_RESPONSE;
  if (chosen === APPLICATION_JSON) {
    return /application\/json/i.test(accept) && !/application\/graphql-response\+json/i.test(accept)
      ? LEGACY_JSON_RESPONSE
      : JSON_RESPONSE;
  }
  return null;
}

/** Whether a POST body's Content-Type is JSON in UTF-8: the only request body GraphQL over HTTP defines. */
export function checkContentType(contentType: string | undefined): Refusal | null {
  if (contentType === APPLICATION_JSON || contentType === "application/json; charset=utf-8") return null;
  const [essence = "", ...parameters] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  if (essence !== APPLICATION_JSON && essence !== GRAPHQL_RESPONSE_JSON) {
    return refusal("UNSUPPORTED_MEDIA_TYPE", "Send GraphQL requests as JSON (Content-Type: application/json)", {
      limit: "content-type",
    });
  }
  const charset = parameters.find((parameter) => parameter.startsWith("charset="))?.slice("charset=".length);
  if (charset !== undefined && charset.replace(/"/g, "") !== "utf-8" && charset.replace(/"/g, "") !== "utf8") {
    return refusal("UNSUPPORTED_MEDIA_TYPE", `Send JSON in UTF-8: charset=${charset} is not supported`, {
      limit: "content-type",
    });
  }
  return null;
}

/**
 * Reads a request body of at most `limit` bytes: the bytes, a refusal (PAYLOAD_TOO_LARGE, as soon as the
 * declared or received length exceeds the limit, without reading further), or null if the client went away.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | Refusal | null> {
  const tooLarge = () =>
    refusal("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes`, { limit: "body" });
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(tooLarge());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (outcome: Buffer | Refusal | null) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("aborted", onGone);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        req.pause();
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    const onGone = () => finish(null);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("aborted", onGone);
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A problem with one member of a request, or its value (`null` counts as absent, as GraphQL over HTTP allows). */
type Member<T> = { value: T | undefined } | { problem: string };

function stringMember(value: unknown, name: string): Member<string> {
  if (value === undefined || value === null) return { value: undefined };
  if (typeof value === "string") return { value };
  return { problem: `\`${name}\` must be a string` };
}

function objectMember(value: unknown, name: string): Member<Record<string, unknown>> {
  if (value === undefined || value === null) return { value: undefined };
  if (isRecord(value)) return { value };
  if (typeof value === "string")
    return { problem: `\`${name}\` must be a JSON object, not a JSON-encoded string of one` };
  return { problem: `\`${name}\` must be an object` };
}

function requestOf(members: Record<string, unknown>): GraphQLRequest | Refusal {
  const query = stringMember(members.query, "query");
  if ("problem" in query) return refusal("BAD_REQUEST", query.problem);
  const operationName = stringMember(members.operationName, "operationName");
  if ("problem" in operationName) return refusal("BAD_REQUEST", operationName.problem);
  const variables = objectMember(members.variables, "variables");
  if ("problem" in variables) return refusal("BAD_REQUEST", variables.problem);
  const extensions = objectMember(members.extensions, "extensions");
  if ("problem" in extensions) return refusal("BAD_REQUEST", extensions.problem);
  return {
    query: query.value,
    operationName: operationName.value,
    variables: variables.value,
    extensions: extensions.value,
  };
}

/** JSON nested deeper than this (objects and arrays) is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text nests objects and arrays deeper than `max`: one pass over its bytes (brackets inside
 * strings do not count), before anything parses or walks it. A 10 kB body nested 5,000 deep parses fine but
 * overflowed the stack of the first recursive walk over it; no such body now gets further than this loop.
 */
export function jsonNestingExceeds(json: Buffer, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

const tooDeep = () =>
  refusal("BAD_REQUEST", `The request's JSON is nested more than ${MAX_JSON_DEPTH} levels deep`, {
    limit: "json_depth",
  });

/** A POST body as a GraphQL request: JSON (a leading byte-order mark is ignored), one operation, typed members. */
export function requestFromBody(body: Buffer): GraphQLRequest | Refusal {
  if (jsonNestingExceeds(body)) return tooDeep();
  let parsed: unknown;
  try {
    const text = body.toString("utf8");
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return refusal("BAD_REQUEST", "The request body is not valid JSON");
  }
  if (Array.isArray(parsed)) {
    return refusal("BATCHING_NOT_SUPPORTED", "Batched requests are not supported: send one operation per request", {
      limit: "batch",
    });
  }
  if (!isRecord(parsed)) return refusal("BAD_REQUEST", "The request body must be a JSON object");
  return requestOf(parsed);
}

/** A GET's query string as a GraphQL request: `variables` and `extensions` are JSON; each member at most once. */
export function requestFromSearch(search: string): GraphQLRequest | Refusal {
  const params = new URLSearchParams(search);
  const members: Record<string, unknown> = {};
  for (const name of ["query", "operationName", "variables", "extensions"]) {
    const values = params.getAll(name);
    if (values.length > 1) return refusal("BAD_REQUEST", `The \`${name}\` parameter may be given only once`);
    if (!values.length) continue;
    if (name === "variables" || name === "extensions") {
      if (jsonNestingExceeds(Buffer.from(values[0]!, "utf8"))) return tooDeep();
      try {
        members[name] = JSON.parse(values[0]!);
      } catch {
        return refusal("BAD_REQUEST", `The \`${name}\` parameter is not valid JSON`);
      }
    } else {
      members[name] = values[0];
    }
  }
  return requestOf(members);
}

/** The headers that prove a GET was not sent by a plain HTML form or link (CSRF prevention, as Apollo's). */
const PREFLIGHT_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"];
const SIMPLE_CONTENT_TYPES = new Set(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * Browsers send GETs (and simple POSTs) cross-site without asking first, so a GET must carry a header no form
 * or link can set, or a non-simple Content-Type; otherwise it could run with a victim's cookies. (POSTs are
 * JSON, which already needs a CORS preflight.)
 */
export function checkPreflighted(req: IncomingMessage): Refusal | null {
  if (PREFLIGHT_HEADERS.some((name) => typeof req.headers[name] === "string" && req.headers[name] !== "")) return null;
  const contentType = req.headers["content-type"];
  if (contentType && !SIMPLE_CONTENT_TYPES.has(contentType.split(";")[0]!.trim().toLowerCase())) return null;
  return refusal(
    "BAD_REQUEST",
    "This GET was blocked as a potential cross-site request forgery: send an `apollo-require-preflight` (or `x-apollo-operation-name`) header",
  );
}
