import type { Request } from "express";

/**
 * The query parameters of the meeting endpoints (`/calendar.ics`, `/meetings.csv`), each mapped to one field of
 * the `meetings` query's `MeetingFilter`. The values go into the filter as sent: the GraphQL pipeline checks and
 * coerces them (an unknown kind, a malformed date → 400 BAD_USER_INPUT), exactly as for a client of /graphql.
 * A new filter field becomes a parameter by one line here.
 *
 * A list parameter may be repeated (`?region=EUROPE&region=MENA`) or comma-separated (`?region=EUROPE,MENA`).
 */
export const MEETING_PARAMETERS = {
  region: { field: "regionCodes", list: true, example: "AMERICAS_CARIBBEAN" },
  host: { field: "hostIsoCodes", list: true, example: "PE" },
  kind: { field: "kinds", list: true, example: "WEBINAR" },
  series: { field: "seriesId", list: false, example: "<MeetingSeries id>" },
  pillar: { field: "pillarIds", list: true, example: "<ThemePillar id>" },
  from: { field: "startDateFrom", list: false, example: "2021-01-01" },
  to: { field: "startDateTo", list: false, example: "2021-12-31" },
  text: { field: "titleContains", list: false, example: "heads of customs" },
} as const satisfies Record<string, { field: string; list: boolean; example: string }>;

export type MeetingParameter = keyof typeof MEETING_PARAMETERS;

/** A problem with one parameter of the request. */
export interface ParameterProblem {
  parameter: string;
  message: string;
}

/** Parameters that are not filters but shape the answer (none are filters' names). */
export type ExtraParameters = readonly string[];

/**
 * The `MeetingFilter` a request's query parameters ask for, or the problems with them: an unknown parameter
 * (a typo such as `regions=` must not silently widen a calendar to every meeting), or one not a list given twice.
 */
export function meetingFilterOf(
  req: Request,
  extra: ExtraParameters = [],
): { filter: Record<string, unknown>; extra: Map<string, string> } | { problems: ParameterProblem[] } {
  const search = new URL(req.originalUrl, "http://gateway.invalid").searchParams;
  const filter: Record<string, unknown> = {};
  const extras = new Map<string, string>();
  const problems: ParameterProblem[] = [];
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    if (extra.includes(name)) {
      if (values.length > 1) problems.push({ parameter: name, message: `\`${name}\` may be given only once` });
      else extras.set(name, values[0]!);
      continue;
    }
    const parameter = (MEETING_PARAMETERS as Record<string, { field: string; list: boolean } | undefined>)[name];
    if (!parameter) {
      const known = [...Object.keys(MEETING_PARAMETERS), ...extra].join(", ");
      problems.push({ parameter: name, message: `Unknown parameter \`${name}\`; the parameters are: ${known}` });
      continue;
    }
    if (parameter.list) {
      filter[parameter.field] = values.flatMap((value) => value.split(",")).map((value) => value.trim());
    } else if (values.length > 1) {
      problems.push({ parameter: name, message: `\`${name}\` may be given only once` });
    } else {
      filter[parameter.field] = values[0];
    }
  }
  return problems.length ? { problems } : { filter, extra: extras };
}
