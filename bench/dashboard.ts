import { gql } from "./queries";

/*
 * Q4, the dashboard aggregate, exists once `regionalActivity` is in the schema (src/modules/activity). The
 * document is what a dashboard asks for: five years by quarter for every region (6 × 20 entries), with the
 * counts and the pillars. If the API changes under it, the smoke request before timing reports Q4 as failing
 * rather than benchmarking something else.
 */

export const DASHBOARD_FIELD = "regionalActivity";
export const Q4_NAME = "BenchDashboard";
export const Q4 = `query ${Q4_NAME} { ${DASHBOARD_FIELD}(filter: { from: "2021-01-01", to: "2025-12-31" }, granularity: QUARTER) { region { code name } period { key firstDay lastDay } meetingCount agendaItemCount hostCount participantCount pillars { agendaItemCount pillar { name } } } }`;

export interface DashboardQuery {
  query: string | null;
  note: string;
}

export async function dashboardQuery(url: string): Promise<DashboardQuery> {
  const data = await gql<{ __schema: { queryType: { fields: { name: string }[] } } }>(
    url,
    "query BenchQueryFields { __schema { queryType { fields { name } } } }",
    "BenchQueryFields",
  );
  const present = data.__schema.queryType.fields.some((f) => f.name === DASHBOARD_FIELD);
  return present
    ? { query: Q4, note: `Q4: \`${DASHBOARD_FIELD}\` from 2021 to 2025 by quarter, every region (120 entries).` }
    : { query: null, note: `Q4 skipped: the schema has no \`${DASHBOARD_FIELD}\` query yet.` };
}
