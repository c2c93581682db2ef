/*
 * Reading a directory file's bytes as JSON, for `npm run import` and the seeds. Editors on Windows save UTF-8
 * with a byte order mark, which JSON.parse refuses (`Unexpected token '\uFEFF'`): it is skipped. A file that is
 * not JSON is refused with one line saying where (line and column) and why, since V8's own message often gives
 * no position ("Unexpected token '}', "…" is not valid JSON") and quotes the file's text, newlines included.
 */

/** The file's bytes are not a JSON document in UTF-8; the message says why and where, in one line. */
export class DirectoryTextError extends Error {
  override readonly name = "DirectoryTextError";
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const DIGIT = /^[0-9]$/;

/**
 * The offset at which `text` stops being JSON (RFC 8259): where the first character that cannot continue the
 * document is, or `text.length` when it ends too early. Called only once JSON.parse has refused the text, to
 * say where; iterative, so a deeply nested file cannot overflow the stack.
 */
export function jsonSyntaxErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const containers: ("{" | "[")[] = [];

  const digits = (): boolean => {
    if (!DIGIT.test(text[i] ?? "")) return false;
    while (DIGIT.test(text[i] ?? "")) i++;
    return true;
  };
  const number = (): boolean => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!digits()) return false;
    if (text[i] === ".") {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!digits()) return false;
    }
    return true;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c.charCodeAt(0) < 0x20) return false;
      if (c === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 1; k <= 4; k++) {
            if (!HEX_DIGIT.test(text[i + k] ?? "")) {
              i += k;
              return false;
            }
          }
          i += 5;
          continue;
        }
        if (!ESCAPES.has(text[i] ?? "")) return false;
      }
      i++;
    }
    return false;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++) {
      if (text[i + k] !== word[k]) {
        i += k;
        return false;
      }
    }
    i += word.length;
    return true;
  };
  const scalar = (): boolean => {
    const c = text[i]!;
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    return number();
  };

  let expected: "value" | "valueOrClose" | "keyOrClose" | "key" | "colon" | "next" = "value";
  for (;;) {
    while (i < n && WHITESPACE.has(text.charCodeAt(i))) i++;
    if (i >= n) return n;
    const c = text[i]!;
    const container = containers[containers.length - 1];
    if ((expected === "valueOrClose" && c === "]") || (expected === "keyOrClose" && c === "}")) {
      containers.pop();
      i++;
      expected = "next";
    } else if (expected === "value" || expected === "valueOrClose") {
      if (c === "{" || c === "[") {
        containers.push(c);
        i++;
        expected = c === "{" ? "keyOrClose" : "valueOrClose";
      } else {
        if (!scalar()) return Math.min(i, n);
        expected = "next";
      }
    } else if (expected === "key" || expected === "keyOrClose") {
      if (c !== '"' || !string()) return Math.min(i, n);
      expected = "colon";
    } else if (expected === "colon") {
      if (c !== ":") return i;
      i++;
      expected = "value";
    } else if (container === undefined) {
      return i; // something after the document
    } else if (c === ",") {
      i++;
      expected = container === "{" ? "key" : "value";
    } else if (c === (container === "{" ? "}" : "]")) {
      containers.pop();
      i++;
    } else {
      return i;
    }
  }
}

/** 1-based line and column of `offset`; a column counts UTF-16 units, as editors mostly do. */
function lineAndColumn(text: string, offset: number): { line: number; column: number; lineStart: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1, lineStart };
}

/** V8's reason without the parts this error replaces: its position, and the quoted text with its newlines. */
function reasonOf(message: string): string {
  const reason = message
    .replace(/^(Unexpected token '[\s\S]+?'), [\s\S]* is not valid JSON$/, "$1")
    .replace(/( in JSON)? at position \d+[\s\S]*$/, "");
  return JSON.stringify(reason).slice(1, -1);
}

/** The text around `offset` on its own line, quoted (so that tabs and odd characters show). */
function excerptAt(text: string, offset: number, lineStart: number): string {
  const lineEnd = text.indexOf("\n", offset) === -1 ? text.length : text.indexOf("\n", offset);
  const from = Math.max(lineStart, offset - 20);
  const to = Math.min(lineEnd, offset + 20);
  return JSON.stringify(
    `${from > lineStart ? "…" : ""}${text.slice(from, to).replace(/\r$/, "")}${to < lineEnd ? "…" : ""}`,
  );
}

/** JSON text as a value, a leading byte order mark skipped; refused with DirectoryTextError saying where. */
export function parseDirectoryText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = jsonSyntaxErrorOffset(body);
    const { line, column, lineStart } = lineAndColumn(body, offset);
    const where =
      offset >= body.length ? `at the end (line ${line}, column ${column})` : `at line ${line}, column ${column}`;
    const near = offset >= body.length ? "" : ` near ${excerptAt(body, offset, lineStart)}`;
    throw new DirectoryTextError(`not valid JSON ${where}: ${reasonOf(error.message)}${near}`);
  }
}

/**
 * A directory file's bytes as a value: UTF-8 (with or without a byte order mark), then JSON. UTF-16 and bytes
 * that are not UTF-8 are refused rather than read as replacement characters into names.
 */
export function parseDirectoryBytes(bytes: Uint8Array): unknown {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DirectoryTextError("is encoded in UTF-16: save it as UTF-8");
  }
  let text: string;
  try {
    // `fatal` refuses malformed UTF-8; a leading byte order mark is dropped by the decoder itself.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DirectoryTextError("is not UTF-8 text: save it as UTF-8");
  }
  return parseDirectoryText(text);
}
