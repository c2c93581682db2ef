import pino from "pino";
import type { Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;

/** Structured JSON logs on stdout (pino): one line per event, machine-readable, cheap on the hot path. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "customs-events-gateway" } });
}
