import { registerEnumType } from "type-graphql";

export enum ActivityGranularity {
  YEAR = "YEAR",
  QUARTER = "QUARTER",
  MONTH = "MONTH",
}

registerEnumType(ActivityGranularity, {
  name: "ActivityGranularity",
  description:
    "How long the periods of an activity report are. Periods follow the calendar of each meeting's own time zone.",
  valuesConfig: {
    YEAR: { description: "Calendar years, identified like `2021`." },
    QUARTER: { description: "Calendar quarters, identified like `2021-Q2` (Q1 is January to March)." },
    MONTH: { description: "Calendar months, identified like `2021-04`." },
  },
});
