import http from "node:http";
import sqlite3 from "sqlite3";
import { Q1_NAME, Q2_NAME } from "../queries";
import { MAX_PAGE, meetingBySlug, meetingsPage } from "./queries";

/*
 * The baseline: a bare node:http handler over the same SQLite file, answering the bench's Q1 and Q2
 * documents (dispatched on operationName, the document itself is not parsed) with hand-written SQL.
 * Started by the bench on its own pinned process: BASELINE_DB=<file> PORT=<port> node dist/bench/baseline/server.js
 */

interface Request {
  operationName?: string;
  variables?: Record<string, unknown>;
}

function answer(db: sqlite3.Database, request: Request): Promise<unknown> {
  const variables = request.variables ?? {};
  if (request.operationName === Q1_NAME && typeof variables.slug === "string") {
    return meetingBySlug(db, variables.slug);
  }
  const first = variables.first;
  if (
    request.operationName === Q2_NAME &&
    typeof first === "number" &&
    Number.isInteger(first) &&
    first >= 0 &&
    first <= MAX_PAGE &&
    variables.after == null
  ) {
    return meetingsPage(db, first);
  }
  throw new Error(`the baseline answers ${Q1_NAME}(slug) and ${Q2_NAME}(first) only`);
}

function main(): void {
  const file = process.env.BASELINE_DB;
  const port = Number(process.env.PORT);
  if (!file || !Number.isInteger(port)) throw new Error("BASELINE_DB and PORT are required");
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  db.configure("busyTimeout", 5000);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const send = (status: number, payload: unknown) => {
        const text = JSON.stringify(payload);
        res.writeHead(status, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(text),
        });
        res.end(text);
      };
      if (req.method !== "POST" || req.url !== "/graphql") return send(404, { errors: [{ message: "not found" }] });
      let request: Request;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Request;
      } catch {
        return send(400, { errors: [{ message: "malformed JSON" }] });
      }
      answer(db, request).then(
        (data) => send(200, { data }),
        (error: unknown) =>
          send(400, { errors: [{ message: error instanceof Error ? error.message : String(error) }] }),
      );
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ msg: "baseline ready", port })));
  const stop = () => {
    server.close(() => db.close(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main();
