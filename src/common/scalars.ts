import type { GraphQLScalarTypeConfig, ValueNode } from "graphql";
import { GraphQLError, GraphQLScalarType } from "graphql";
import { GraphQLCountryCode, GraphQLLocalDate, GraphQLLocalTime, GraphQLTimeZone } from "graphql-scalars";
import { isCalendarDate } from "./input-rules";

/**
 * A value one of our scalars refuses, with what it must be instead ("must be a calendar date…"). The request
 * pipeline answers it as BAD_USER_INPUT with `extensions.problems` naming the field at fault, whether the value
 * came in a variable (src/platform/pipeline/variables.ts) or was written in the document (src/platform/pipeline/documents.ts);
 * graphql-scalars' own messages name its scalars ("not a valid LocalDate"), which this schema does not have.
 */
export class InvalidScalarValueError extends GraphQLError {
  constructor(
    readonly problem: string,
    node?: ValueNode,
  ) {
    super(problem, node ? { nodes: node } : {});
  }
}

/** The scalar `config`, refusing what its parsers refuse with an InvalidScalarValueError saying `problem`. */
function refusingWith<TInternal, TExternal>(
  config: GraphQLScalarTypeConfig<TInternal, TExternal>,
  problem: string,
): GraphQLScalarTypeConfig<TInternal, TExternal> {
  const { parseValue, parseLiteral } = config;
  return {
    ...config,
    parseValue(value) {
      try {
        return parseValue!(value);
      } catch {
        throw new InvalidScalarValueError(problem);
      }
    },
    parseLiteral(node, variables) {
      try {
        return parseLiteral!(node, variables);
      } catch {
        throw new InvalidScalarValueError(problem, node);
      }
    },
  };
}

const localDateConfig = GraphQLLocalDate.toConfig();

/** LocalDate's parsed value, held to the shared calendar-date rule (src/common/input-rules.ts): no year 0000. */
function storableDate(date: unknown): unknown {
  if (typeof date !== "string" || !isCalendarDate(date)) throw new TypeError(`${String(date)} is not a storable date`);
  return date;
}

/**
 * A calendar date without time or zone (`2021-04-22`), as written on the meeting's own calendar.
 * Built on graphql-scalars' LocalDate, which rejects impossible dates such as `2021-02-30`; year 0000, which
 * LocalDate accepts but PostgreSQL cannot store, is refused too.
 */
export const DateScalar = new GraphQLScalarType(
  refusingWith(
    {
      ...localDateConfig,
      parseValue: (value) => storableDate(localDateConfig.parseValue!(value)),
      parseLiteral: (node, variables) => storableDate(localDateConfig.parseLiteral!(node, variables)),
      name: "Date",
      description:
        "A calendar date, `YYYY-MM-DD`, with no time and no time zone: the date on the calendar where the event took place.",
      specifiedByURL: "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
    },
    "must be a calendar date that exists, written YYYY-MM-DD",
  ),
);

const localTimeConfig = GraphQLLocalTime.toConfig();

/** Hours and minutes on a 24-hour clock, `00:00`–`23:59`: the only form a meeting's local times take. */
export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** LocalTime's parsed value, held to minutes: seconds are more than any source gives, and one form round-trips. */
function minutesTime(time: unknown): unknown {
  if (typeof time !== "string" || !LOCAL_TIME_PATTERN.test(time)) throw new TypeError(`${String(time)} is not HH:MM`);
  return time;
}

/**
 * A wall-clock time without date or zone (`09:30`), read on the calendar of the meeting's own time zone. Built on
 * graphql-scalars' LocalTime, narrowed to hours and minutes.
 */
export const LocalTimeScalar = new GraphQLScalarType(
  refusingWith(
    {
      ...localTimeConfig,
      parseValue: (value) => minutesTime(localTimeConfig.parseValue!(value)),
      parseLiteral: (node, variables) => minutesTime(localTimeConfig.parseLiteral!(node, variables)),
      name: "LocalTime",
      description:
        "A local wall-clock time, `HH:MM` on a 24-hour clock (`00:00`–`23:59`), with no date and no time zone: the time on the clocks where the event takes place.",
    },
    "must be a local time written HH:MM, 00:00 to 23:59",
  ),
);

/** ISO 3166-1 alpha-2 country codes; graphql-scalars checks them against the ISO list. */
export const CountryCodeScalar = new GraphQLScalarType(
  refusingWith(
    {
      ...GraphQLCountryCode.toConfig(),
      description: "An ISO 3166-1 alpha-2 country code in upper case, e.g. `PE` for Peru.",
    },
    "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. PE",
  ),
);

const timeZoneConfig = GraphQLTimeZone.toConfig();
const knownZones = new Set<string>();

/**
 * IANA time zone names, validated with the runtime's Intl support. graphql-scalars builds an
 * Intl.DateTimeFormat for every value it checks, which costs a sizeable part of a meeting lookup
 * (docs/benchmarks.md), so zones already accepted are remembered: there are a few hundred of them.
 */
export const TimeZoneScalar = new GraphQLScalarType(
  refusingWith(
    {
      ...timeZoneConfig,
      description: "An IANA time zone name, e.g. `America/Lima`.",
      serialize(value) {
        if (typeof value === "string" && knownZones.has(value)) return value;
        const zone = timeZoneConfig.serialize!(value);
        if (typeof zone === "string") knownZones.add(zone);
        return zone;
      },
    },
    "must be an IANA time zone name, e.g. America/Lima",
  ),
);
