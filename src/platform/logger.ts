import pino from "pino";
import type { Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

/** Lines are written in batches of at least this many bytes, or after FLUSH_INTERVAL_MS, whichever is first. */
const BATCH_BYTES = 8 * 1024;
const FLUSH_INTERVAL_MS = 200;

/**
 * Structured JSON logs on stdout (pino): one line per event, machine-readable, cheap on the hot path.
 *
 * Written in batches: pino's default destination writes each line with its own write(2), which made the
 * access log (one line per request) a large share of a meeting lookup's CPU (docs/benchmarks.md). Lines are
 * buffered up to BATCH_BYTES and written together, and whatever is buffered is written at
 * least every FLUSH_INTERVAL_MS, so a quiet gateway's lines still appear at once to a reader; pino writes what
 * is left when the process exits.
 */
export function createLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES });
  const flush = setInterval(() => {
    try {
      destination.flush();
    } catch {
      // The destination has been ended (the process is exiting): nothing is left to write.
      clearInterval(flush);
    }
  }, FLUSH_INTERVAL_MS);
  flush.unref();
  return pino({ level, base: { service: "customs-events-gateway" } }, destination);
}
