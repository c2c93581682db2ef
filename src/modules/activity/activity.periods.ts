import type { DatabaseEngine } from "../../config";
import { ActivityGranularity } from "./activity.enums";

/** The most periods one report may hold, and the longest span of years it may cover. */
export const MAX_BUCKETS = 1200;
export const MAX_YEARS = 100;

/**
 * How many years an activity report whose range is open at one end (or both) is assumed to cover when it is
 * priced before running: the range then runs to the first (last) period with activity, which only the data
 * knows. An estimate, like the list sizes of the cost estimator; explicit ranges are priced exactly.
 */
export const OPEN_RANGE_YEARS = 25;

/** One calendar period: its key (`2021`, `2021-Q2`, `2021-04`) and its first and last days. */
export interface Period {
  key: string;
  firstDay: string;
  lastDay: string;
}

const PERIODS_PER_YEAR: Record<ActivityGranularity, number> = {
  [ActivityGranularity.YEAR]: 1,
  [ActivityGranularity.QUARTER]: 4,
  [ActivityGranularity.MONTH]: 12,
};
const MONTHS_PER_PERIOD: Record<ActivityGranularity, number> = {
  [ActivityGranularity.YEAR]: 12,
  [ActivityGranularity.QUARTER]: 3,
  [ActivityGranularity.MONTH]: 1,
};

/**
 * SQL for the key of the period a date column falls in (`2021`, `2021-Q2`, `2021-04`). Dates are calendar
 * dates already (in each meeting's own time zone), so no time zone conversion happens on either engine.
 * PostgreSQL formats its `date` with `to_char` (`Q` is the quarter). SQLite stores the date as the text
 * `YYYY-MM-DD` and has no `to_char`, so the key is cut out of that text.
 */
export function periodSql(granularity: ActivityGranularity, column: string, engine: DatabaseEngine): string {
  if (engine === "postgres") {
    switch (granularity) {
      case ActivityGranularity.YEAR:
        return `to_char(${column}, 'YYYY')`;
      case ActivityGranularity.MONTH:
        return `to_char(${column}, 'YYYY-MM')`;
      case ActivityGranularity.QUARTER:
        return `to_char(${column}, 'YYYY-"Q"Q')`;
    }
  }
  switch (granularity) {
    case ActivityGranularity.YEAR:
      return `substr(${column}, 1, 4)`;
    case ActivityGranularity.MONTH:
      return `substr(${column}, 1, 7)`;
    case ActivityGranularity.QUARTER:
      return `substr(${column}, 1, 4) || '-Q' || ((CAST(substr(${column}, 6, 2) AS INTEGER) + 2) / 3)`;
  }
}

/** The period's ordinal: consecutive periods have consecutive ordinals. */
export function ordinalOfDate(granularity: ActivityGranularity, date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return year * PERIODS_PER_YEAR[granularity] + Math.floor((month - 1) / MONTHS_PER_PERIOD[granularity]);
}

/** The ordinal of a period key as `periodSql` writes it. */
export function ordinalOfKey(granularity: ActivityGranularity, key: string): number {
  const year = Number(key.slice(0, 4));
  switch (granularity) {
    case ActivityGranularity.YEAR:
      return year;
    case ActivityGranularity.QUARTER:
      return year * 4 + Number(key.slice(6)) - 1;
    case ActivityGranularity.MONTH:
      return year * 12 + Number(key.slice(5, 7)) - 1;
  }
}

const pad = (value: number, length: number) => String(value).padStart(length, "0");

export function periodOf(granularity: ActivityGranularity, ordinal: number): Period {
  const perYear = PERIODS_PER_YEAR[granularity];
  const year = Math.floor(ordinal / perYear);
  const index = ordinal - year * perYear;
  const firstMonth = index * MONTHS_PER_PERIOD[granularity] + 1;
  const lastMonth = firstMonth + MONTHS_PER_PERIOD[granularity] - 1;
  // Day 0 of the following month is the last day of `lastMonth`.
  const lastDayOfMonth = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const key =
    granularity === ActivityGranularity.YEAR
      ? pad(year, 4)
      : granularity === ActivityGranularity.QUARTER
        ? `${pad(year, 4)}-Q${index + 1}`
        : `${pad(year, 4)}-${pad(firstMonth, 2)}`;
  return {
    key,
    firstDay: `${pad(year, 4)}-${pad(firstMonth, 2)}-01`,
    lastDay: `${pad(year, 4)}-${pad(lastMonth, 2)}-${pad(lastDayOfMonth, 2)}`,
  };
}

/**
 * Refuses ranges too long to chart: more than MAX_BUCKETS periods, or more than MAX_YEARS calendar years.
 * Returns an error message, or null when the range is acceptable.
 */
export function rangeProblem(granularity: ActivityGranularity, first: number, last: number): string | null {
  const buckets = last - first + 1;
  const perYear = PERIODS_PER_YEAR[granularity];
  const years = Math.floor(last / perYear) - Math.floor(first / perYear) + 1;
  if (years > MAX_YEARS) return `the range covers ${years} years; at most ${MAX_YEARS} are allowed`;
  if (buckets > MAX_BUCKETS) return `the range holds ${buckets} periods; at most ${MAX_BUCKETS} are allowed`;
  return null;
}

/**
 * How many periods a report of this granularity over `from`–`to` holds, before any SQL: exact for a closed
 * range (0 when `to` is before `from`), OPEN_RANGE_YEARS of periods when either bound is absent.
 */
export function periodCountOf(granularity: ActivityGranularity, from: string | null, to: string | null): number {
  if (!from || !to) return OPEN_RANGE_YEARS * PERIODS_PER_YEAR[granularity];
  if (from > to) return 0;
  return ordinalOfDate(granularity, to) - ordinalOfDate(granularity, from) + 1;
}
