import { BadUserInputError } from "./errors";

/**
 * Global ids are opaque to clients: base64url of `Type:primaryKey`. Clients must only pass them back,
 * never build or parse them; the encoding may change.
 */
export function encodeGlobalId(typeName: string, id: number): string {
  return Buffer.from(`${typeName}:${id}`, "utf8").toString("base64url");
}

export interface DecodedGlobalId {
  typeName: string;
  id: number;
}

const GLOBAL_ID_PATTERN = /^([A-Z][A-Za-z]*):([1-9][0-9]{0,15})$/;

/** Returns null for anything that is not a global id this API could have issued. */
export function tryDecodeGlobalId(globalId: string): DecodedGlobalId | null {
  if (globalId.length === 0 || globalId.length > 64 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const match = GLOBAL_ID_PATTERN.exec(Buffer.from(globalId, "base64url").toString("utf8"));
  if (!match) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { typeName: match[1]!, id } : null;
}

/** Decodes an id an argument must hold, of the given type; anything else is the caller's mistake. */
export function decodeGlobalIdOf(typeName: string, globalId: string, path: string): number {
  const decoded = tryDecodeGlobalId(globalId);
  if (!decoded || decoded.typeName !== typeName) {
    throw BadUserInputError.forField(path, `"${globalId}" is not a ${typeName} id`);
  }
  return decoded.id;
}
