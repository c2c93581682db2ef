import { GraphQLScalarType } from "graphql";
import { GraphQLCountryCode, GraphQLLocalDate, GraphQLTimeZone } from "graphql-scalars";

/**
 * A calendar date without time or zone (`2021-04-22`), as written on the meeting's own calendar.
 * Built on graphql-scalars' LocalDate, which rejects impossible dates such as `2021-02-30`.
 */
export const DateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  name: "Date",
  description:
    "A calendar date, `YYYY-MM-DD`, with no time and no time zone: the date on the calendar where the event took place.",
  specifiedByURL: "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
});

/** ISO 3166-1 alpha-2 country codes; graphql-scalars checks them against the ISO list. */
export const CountryCodeScalar = new GraphQLScalarType({
  ...GraphQLCountryCode.toConfig(),
  description: "An ISO 3166-1 alpha-2 country code in upper case, e.g. `PE` for Peru.",
});

const timeZoneConfig = GraphQLTimeZone.toConfig();
const knownZones = new Set<string>();

/**
 * IANA time zone names, validated with the runtime's Intl support. graphql-scalars builds an
 * Intl.DateTimeFormat for every value it checks (~0.3 ms, a tenth of a meeting lookup), so zones already
 * accepted are remembered: there are a few hundred of them.
 */
export const TimeZoneScalar = new GraphQLScalarType({
  ...timeZoneConfig,
  description: "An IANA time zone name, e.g. `America/Lima`.",
  serialize(value) {
    if (typeof value === "string" && knownZones.has(value)) return value;
    const zone = timeZoneConfig.serialize!(value);
    if (typeof zone === "string") knownZones.add(zone);
    return zone;
  },
});
