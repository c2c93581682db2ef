import type { Request } from "express";
import type { RouteDependencies } from "../../platform/feature-module";
import type { OperationEndpoint } from "../../platform/http/operation-routes";
import { CSV_CONTENT_TYPE, toCsv } from "./csv";
import type { ParameterProblem } from "./meeting-parameters";

/** What the dashboard's chart and tables show (its DashboardActivity query), with each period's first and last day. */
export const ACTIVITY_CSV_QUERY = /* GraphQL */ `
  query ActivityCsv($filter: ActivityFilter, $granularity: ActivityGranularity!) {
    regionalActivity(filter: $filter, granularity: $granularity) {
      region {
        code
        name
      }
      period {
        key
        firstDay
        lastDay
      }
      meetingCount
      agendaItemCount
      pillars {
        agendaItemCount
        pillar {
          id
          name
          theme {
            year
          }
        }
      }
    }
  }
`;

/** The query parameters of /dashboard/activity.csv: `regionalActivity`'s arguments, by one name each. */
export const ACTIVITY_PARAMETERS = {
  regions: { field: "regionCodes", list: true },
  kinds: { field: "kinds", list: true },
  pillars: { field: "pillarIds", list: true },
  from: { field: "from", list: false },
  to: { field: "to", list: false },
} as const satisfies Record<string, { field: string; list: boolean }>;

interface ActivityRow {
  region: { code: string; name: string };
  period: { key: string; firstDay: string; lastDay: string };
  meetingCount: number;
  agendaItemCount: number;
  pillars: { agendaItemCount: number; pillar: { id: string; name: string; theme: { year: number } | null } }[];
}

/** `regionalActivity`'s filter and granularity from the query string, or the problems with them. */
function activityVariables(req: Request): { variables: Record<string, unknown> } | { problems: ParameterProblem[] } {
  const search = new URL(req.originalUrl, "http://gateway.invalid").searchParams;
  const filter: Record<string, unknown> = {};
  const problems: ParameterProblem[] = [];
  let granularity = "MONTH";
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    const parameter = (ACTIVITY_PARAMETERS as Record<string, { field: string; list: boolean } | undefined>)[name];
    if (parameter?.list) {
      filter[parameter.field] = values.flatMap((value) => value.split(",")).map((value) => value.trim());
    } else if (values.length > 1) {
      problems.push({ parameter: name, message: `\`${name}\` may be given only once` });
    } else if (parameter) {
      filter[parameter.field] = values[0];
    } else if (name === "granularity") {
      granularity = values[0]!.toUpperCase();
    } else {
      const known = [...Object.keys(ACTIVITY_PARAMETERS), "granularity"].join(", ");
      problems.push({ parameter: name, message: `Unknown parameter \`${name}\`; the parameters are: ${known}` });
    }
  }
  return problems.length ? { problems } : { variables: { filter, granularity } };
}

/**
 * `/dashboard/activity.csv`: the dashboard's numbers, one row per region and period (the periods of the range,
 * empty ones included, as the chart shows them), with a column of agenda items per theme pillar that occurs.
 */
export function activityCsvEndpoint({ operations }: RouteDependencies): OperationEndpoint {
  return {
    document: ACTIVITY_CSV_QUERY,
    operationName: "ActivityCsv",
    variables(req) {
      const parsed = activityVariables(req);
      if ("problems" in parsed) return operations.badRequest(parsed.problems[0]!.message, parsed.problems);
      return parsed.variables;
    },
    render(data) {
      const rows = data.regionalActivity as ActivityRow[];
      const pillars = new Map<string, string>();
      for (const row of rows) {
        for (const { pillar } of row.pillars) {
          pillars.set(pillar.id, `agenda_items: ${pillar.name}${pillar.theme ? ` (${pillar.theme.year})` : ""}`);
        }
      }
      const header = [
        "region",
        "region_name",
        "period",
        "first_day",
        "last_day",
        "meetings",
        "agenda_items",
        ...pillars.values(),
      ];
      const cells = rows.map((row) => {
        const byPillar = new Map(row.pillars.map((p) => [p.pillar.id, p.agendaItemCount]));
        return [
          row.region.code,
          row.region.name,
          row.period.key,
          row.period.firstDay,
          row.period.lastDay,
          row.meetingCount,
          row.agendaItemCount,
          ...[...pillars.keys()].map((id) => byPillar.get(id) ?? 0),
        ];
      });
      return { contentType: CSV_CONTENT_TYPE, body: toCsv(header, cells), filename: "activity.csv" };
    },
  };
}
