import type { ApolloServerPlugin } from "@apollo/server";
import type { DocumentNode } from "graphql";
import { Kind, visit, BREAK } from "graphql";
import type { GatewayContext } from "../context";

/** The fields whose columns the loaders can leave out (see `ReadScope` in src/db/entity-reader.ts). */
const TIMESTAMP_FIELDS = new Set(["createdAt", "updatedAt"]);

/** Parsed documents are cached and reused by Apollo, so each is scanned once. */
const asksForTimestamps = new WeakMap<DocumentNode, boolean>();

/**
 * Whether any field of the document, in any operation or fragment, is named `createdAt` or `updatedAt`.
 * Deliberately coarse: a name match on any type keeps the timestamps in, so an operation can only ever
 * read more than it needs, never less.
 */
export function documentAsksForTimestamps(document: DocumentNode): boolean {
  let found = asksForTimestamps.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.FIELD](node) {
        if (TIMESTAMP_FIELDS.has(node.name.value)) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    });
    asksForTimestamps.set(document, found);
  }
  return found;
}

/** Narrows each operation's reads to what its document can ask for, before it executes. */
export function readScopePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          contextValue.reads.timestamps = documentAsksForTimestamps(document);
        },
      };
    },
  };
}
