/**
 * Where the gateway reads the current time: services that judge dates against "now" (`MeetingFilter.when`) take
 * the one Clock of their gateway instead of calling `new Date()`, so that a test (or a demonstration) can start a
 * gateway on a fixed instant with GATEWAY_CLOCK_FIXED (src/config.ts), which production refuses.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always reads `instant`. */
export function fixedClock(instant: Date): Clock {
  const time = instant.getTime();
  return { now: () => new Date(time) };
}
