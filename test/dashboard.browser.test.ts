import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { SCREENSHOTS, openOfflineBrowser } from "./helpers/browser";

/*
 * Drives the dashboard page (/dashboard) in a real headless Chromium against a real gateway over a fresh,
 * seeded SQLite file, offline: every request that is not for the gateway on 127.0.0.1 is aborted and
 * recorded, and the suite ends by checking there was none. Uses the system's Chromium (Debian package).
 */

const SEEDED_SLUG = "2021-04-22-americas-caribbean-heads-of-customs";
const NEW_SLUG = "2021-09-14-americas-caribbean-aeo-webinar";
const SOURCE_URL = "https://www.wcoomd.org/en/media/newsroom/2021/september/aeo-webinar.aspx";
const TIMEOUT = 60_000;

/** What the test reads of a Chart.js instance. */
interface ChartData {
  labels: string[];
  datasets: { label: string; regionCode?: string; data: number[] }[];
}

/** The few browser globals the in-page functions use (the tests compile without the DOM library). */
interface BrowserGlobals {
  document: {
    getElementById(id: string): unknown;
    querySelector(selector: string): { textContent: string | null } | null;
  };
  Chart: { getChart(canvas: unknown): { data: ChartData } | undefined };
  dashboardTestMarker?: string;
}

function chartData(page: Page, canvasId: string): Promise<ChartData | null> {
  return page.evaluate((id) => {
    const { Chart, document } = globalThis as unknown as BrowserGlobals;
    const chart = Chart.getChart(document.getElementById(id));
    if (!chart) return null;
    return {
      labels: [...chart.data.labels],
      datasets: chart.data.datasets.map((d) => ({ label: d.label, regionCode: d.regionCode, data: [...d.data] })),
    };
  }, canvasId);
}

/** Waits until the element's text is exactly `expected`, and fails with what it showed instead. */
async function waitForText(page: Page, selector: string, expected: string, timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction(
      ({ selector, expected }) =>
        (globalThis as unknown as BrowserGlobals).document.querySelector(selector)?.textContent?.trim() === expected,
      { selector, expected },
      { timeout },
    );
  } catch (error) {
    const shown = await page
      .locator(selector)
      .textContent()
      .catch(() => "(no such element)");
    throw new Error(`${selector} never showed "${expected}"; it shows "${shown?.trim()}"`, { cause: error });
  }
}

/** The activity table as { region code: { period: count } }. */
async function activityTable(page: Page): Promise<Record<string, Record<string, number>>> {
  const cells = await page.$$eval("#activity-table td[data-period]", (tds) =>
    tds.map((td) => [td.getAttribute("data-region"), td.getAttribute("data-period"), td.textContent] as const),
  );
  const table: Record<string, Record<string, number>> = {};
  for (const [region, period, text] of cells) (table[region!] ??= {})[period!] = Number(text);
  return table;
}

const loads = async (page: Page) => Number(await page.getAttribute("#updated", "data-loads"));

jest.setTimeout(TIMEOUT);

describe("the dashboard in a browser", () => {
  let t: TestGateway;
  let browser: Browser;
  let page: Page;
  let origin: string;
  /** Requests that tried to leave the gateway: aborted, and must stay empty. */
  let offGateway: string[] = [];
  /** Requests that reached the gateway, by path. */
  let gatewayRequests: string[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
    ({ browser, page, offGateway, gatewayRequests, pageErrors } = await openOfflineBrowser(origin));
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  }, TIMEOUT);

  it("charts the seeded meeting for the Americas and Caribbean in 2021, with its assets from the gateway", async () => {
    const response = await page.goto(`${origin}/dashboard`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(await page.title()).toBe("Customs Events Dashboard");
    await page.waitForSelector("#updated[data-loads='1']");

    // The chart is drawn from the API's answer…
    await page.waitForFunction(() => {
      const { Chart, document } = globalThis as unknown as BrowserGlobals;
      return Chart.getChart(document.getElementById("activity-chart")) !== undefined;
    });
    const chart = await chartData(page, "activity-chart");
    expect(chart?.labels).toEqual(["2021"]);
    expect(chart?.datasets.find((d) => d.regionCode === "AMERICAS_CARIBBEAN")).toMatchObject({
      label: "Americas and Caribbean",
      data: [1],
    });
    expect(chart?.datasets.filter((d) => d.data[0] !== 0).map((d) => d.regionCode)).toEqual(["AMERICAS_CARIBBEAN"]);
    // …and its table alternative holds the same numbers.
    expect(await activityTable(page)).toEqual({
      AMERICAS_CARIBBEAN: { "2021": 1 },
      ASIA_PACIFIC: { "2021": 0 },
      EAST_SOUTHERN_AFRICA: { "2021": 0 },
      EUROPE: { "2021": 0 },
      MENA: { "2021": 0 },
      WEST_CENTRAL_AFRICA: { "2021": 0 },
    });

    // Pillar coverage: one agenda item on each 2021 pillar, in the chart and its table.
    expect((await chartData(page, "pillar-chart"))?.labels).toEqual([
      "Recovery (2021)",
      "Renewal (2021)",
      "Resilience (2021)",
    ]);
    expect(await page.$$eval("#pillar-table tbody tr", (rows) => rows.map((r) => r.textContent))).toEqual([
      "Recovery20211",
      "Renewal20211",
      "Resilience20211",
    ]);
    await waitForText(page, "#hosts-table tr[data-host='PE'] td.number", "1");
    await waitForText(page, "[data-total='meetingCount']", "1");
    await waitForText(page, "[data-total='agendaItemCount']", "8");
    // The directory holds three meetings; the two whose date the sources do not give belong to no period.
    await waitForText(
      page,
      "#undated",
      "2 more meetings of these regions and kinds have no known date, so they fall outside every period and are not counted here.",
    );
    const ideLink = await page.getAttribute(`#recent-table tr[data-slug='${SEEDED_SLUG}'] a[data-link='ide']`, "href");
    expect(new URL(ideLink!, origin).searchParams.get("query")).toContain(`meeting(slug: "${SEEDED_SLUG}")`);
    // The seeded source has no URL (the article gives none), so no source link is invented.
    expect(await page.locator(`#recent-table tr[data-slug='${SEEDED_SLUG}'] a[data-link='source']`).count()).toBe(0);

    // The page's queries are in its source, as documents a client can copy.
    const html = await response!.text();
    expect(html).toContain('<script type="application/graphql" id="query-activity">');
    expect(html).toContain("regionalActivity(filter: $filter, granularity: $granularity)");
    expect(html).toContain("directoryChanged(regionCodes: $regionCodes)");
    // Its scripts and stylesheet came from the gateway, under versioned URLs.
    expect(gatewayRequests).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/dashboard\/assets\/chart\.js-4\.\d+\.\d+\/chart\.umd\.min\.js$/),
        expect.stringMatching(/^\/dashboard\/assets\/graphql-ws-6\.\d+\.\d+\/graphql-ws\.min\.js$/),
        expect.stringMatching(/^\/dashboard\/assets\/dashboard-[0-9a-f]{12}\/dashboard\.js$/),
      ]),
    );
    expect(new URL(page.url()).search).toBe("?granularity=YEAR");
    await waitForText(page, "#live-status", "Live updates: on");
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-initial.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("counts a meeting created over HTTP without a reload (1 → 2), through the directoryChanged subscription", async () => {
    // A marker that a reload would erase.
    await page.evaluate(() => {
      (globalThis as unknown as BrowserGlobals).dashboardTestMarker = "no reload";
    });
    const loadsBefore = await loads(page);
    // graphql-ws does not acknowledge subscriptions: give the server a moment to register the page's.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const ids = dataOf(
      await t.query<{ region: { id: string }; member: { id: string } }>(
        `{ region(code: "AMERICAS_CARIBBEAN") { id } member(isoCode: "PE") { id } }`,
      ),
    );
    const { createSource } = dataOf(
      await t.query<{ createSource: { source: { id: string } } }>(
        `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
        {
          input: {
            title: "Regional AEO webinar",
            publisher: "WCO",
            publishedOn: "2021-09-15",
            language: "en",
            url: SOURCE_URL,
          },
        },
        editor,
      ),
    );
    dataOf(
      await t.query(
        `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }`,
        {
          input: {
            slug: NEW_SLUG,
            title: "Regional webinar on the AEO Programme",
            kind: "WEBINAR",
            startDate: "2021-09-14",
            regionId: ids.region.id,
            hostId: ids.member.id,
            sourceIds: [createSource.source.id],
          },
        },
        editor,
      ),
    );

    await waitForText(page, "#activity-table td[data-region='AMERICAS_CARIBBEAN'][data-period='2021']", "2");
    const chart = await chartData(page, "activity-chart");
    expect(chart?.datasets.find((d) => d.regionCode === "AMERICAS_CARIBBEAN")?.data).toEqual([2]);
    await waitForText(page, "#hosts-table tr[data-host='PE'] td.number", "2");
    await waitForText(page, "[data-total='meetingCount']", "2");
    // Newest first, with a link to its source article.
    expect(await page.getAttribute("#recent-table tbody tr:first-child", "data-slug")).toBe(NEW_SLUG);
    expect(await page.getAttribute(`#recent-table tr[data-slug='${NEW_SLUG}'] a[data-link='source']`, "href")).toBe(
      SOURCE_URL,
    );
    expect(await page.textContent("#updated")).toContain("(live)");

    // The same document, not a new one: the update came over the subscription, not from a reload.
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).dashboardTestMarker ?? "reloaded")).toBe(
      "no reload",
    );
    // Debounced: one refetch for one change.
    expect(await loads(page)).toBe(loadsBefore + 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-live.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("filters by region, date range and granularity, reflected in the URL and restored from it", async () => {
    await page.selectOption("#filter-region", "EUROPE");
    await page.waitForURL((url) => url.searchParams.get("region") === "EUROPE");
    // Europe held no meeting: no period has activity, so there is nothing to chart.
    await waitForText(page, "#activity-table tbody", "No meetings in this selection.");
    await waitForText(page, "[data-total='meetingCount']", "0");
    expect(await page.isHidden("#undated")).toBe(true);

    await page.selectOption("#filter-region", "AMERICAS_CARIBBEAN");
    await page.fill("#filter-from", "2021-01-01");
    await page.fill("#filter-to", "2021-06-30");
    await page.selectOption("#filter-granularity", "MONTH");
    await page.waitForURL(
      (url) => url.search === "?region=AMERICAS_CARIBBEAN&from=2021-01-01&to=2021-06-30&granularity=MONTH",
    );
    // The September webinar is outside the range: only the April meeting is counted.
    await waitForText(page, "#activity-table td[data-region='AMERICAS_CARIBBEAN'][data-period='2021-04']", "1");
    await waitForText(page, "[data-total='meetingCount']", "1");
    expect(await activityTable(page)).toEqual({
      AMERICAS_CARIBBEAN: { "2021-01": 0, "2021-02": 0, "2021-03": 0, "2021-04": 1, "2021-05": 0, "2021-06": 0 },
    });
    expect((await chartData(page, "activity-chart"))?.labels).toEqual([
      "2021-01",
      "2021-02",
      "2021-03",
      "2021-04",
      "2021-05",
      "2021-06",
    ]);

    // A shared link opens the same view.
    await page.goto(`${origin}/dashboard?region=AMERICAS_CARIBBEAN&from=2021-07-01&to=2021-12-31&granularity=QUARTER`);
    await waitForText(page, "#activity-table td[data-region='AMERICAS_CARIBBEAN'][data-period='2021-Q3']", "1");
    await waitForText(page, "[data-total='meetingCount']", "1");
    expect(await activityTable(page)).toEqual({ AMERICAS_CARIBBEAN: { "2021-Q3": 1, "2021-Q4": 0 } });
    expect(await page.inputValue("#filter-region")).toBe("AMERICAS_CARIBBEAN");
    expect(await page.inputValue("#filter-from")).toBe("2021-07-01");
    expect(await page.inputValue("#filter-granularity")).toBe("QUARTER");
    expect(await page.getAttribute("#recent-table tbody tr:first-child", "data-slug")).toBe(NEW_SLUG);
    expect(pageErrors).toEqual([]);
  });

  it("shows the API's error, with its code, when a query is refused", async () => {
    // More than 100 years: the API refuses the range.
    await page.goto(`${origin}/dashboard?from=1900-01-01&to=2001-01-01&granularity=YEAR`);
    const alert = page.locator("#error[role='alert']");
    await alert.waitFor({ state: "visible" });
    expect(await alert.locator("li[data-code='BAD_USER_INPUT']").count()).toBe(1);
    expect(await alert.textContent()).toContain("at most 100 are allowed");
    expect(await page.textContent("#updated")).toBe("Not updated.");
    expect(pageErrors).toEqual([]);

    // A century by month for every region: refused by the cost limit (HTTP 400) before it runs.
    await page.goto(`${origin}/dashboard?from=1925-01-01&to=2025-12-31&granularity=MONTH`);
    await alert.waitFor({ state: "visible" });
    expect(await alert.locator("li[data-code='QUERY_TOO_COMPLEX']").count()).toBe(1);
    expect(await alert.textContent()).toContain("the limit is 50000");
    // The browser logs the refused request's HTTP status itself; nothing else went wrong.
    expect(pageErrors.splice(0)).toEqual([
      expect.stringMatching(/^Failed to load resource: the server responded with a status of 400/),
    ]);
  });

  it("links a meeting to the IDE with its query prefilled", async () => {
    await page.goto(`${origin}/dashboard`);
    const link = page.locator(`#recent-table tr[data-slug='${SEEDED_SLUG}'] a[data-link='ide']`);
    await link.click();
    await page.waitForURL((url) => url.pathname === "/graphql");
    await page.waitForSelector(".graphiql-query-editor .CodeMirror");
    expect(await page.locator(".graphiql-query-editor").innerText()).toContain(`meeting(slug: "${SEEDED_SLUG}")`);
    expect(pageErrors).toEqual([]);
  });

  it("offers the CSV of the numbers it shows, and the calendar of the meetings it counts", async () => {
    await page.goto(`${origin}/dashboard?region=AMERICAS_CARIBBEAN&from=2021-01-01&to=2021-06-30&granularity=MONTH`);
    await waitForText(page, "#activity-table td[data-region='AMERICAS_CARIBBEAN'][data-period='2021-04']", "1");
    const csvHref = await page.getAttribute("#download-csv", "href");
    expect(csvHref).toBe(
      "/dashboard/activity.csv?regions=AMERICAS_CARIBBEAN&from=2021-01-01&to=2021-06-30&granularity=MONTH",
    );
    const csv = await fetch(new URL(csvHref!, origin));
    expect(csv.status).toBe(200);
    const rows = parseCsv(await csv.text(), { bom: true, columns: true }) as Record<string, string>[];
    // The same numbers as the table: one row per month of the range, the April meeting in April.
    expect(Object.fromEntries(rows.map((row) => [row.period, Number(row.meetings)]))).toEqual(
      (await activityTable(page)).AMERICAS_CARIBBEAN,
    );
    const host = new URL(origin).host;
    const calendarPath = "/calendar.ics?region=AMERICAS_CARIBBEAN&from=2021-01-01&to=2021-06-30";
    expect(await page.getAttribute("#subscribe-calendar", "href")).toBe(`webcal://${host}${calendarPath}`);
    expect(await page.textContent("#calendar-url")).toBe(`${origin}${calendarPath}`);
    const calendar = await fetch(`${origin}${calendarPath}`);
    expect(calendar.status).toBe(200);
    expect(await calendar.text()).toContain(`SUMMARY:Heads of Customs Meeting of the Americas/Caribbean Region`);
    expect(pageErrors).toEqual([]);
  });

  it("made no request that left the gateway", () => {
    expect(offGateway).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
