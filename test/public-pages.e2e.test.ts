import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/*
 * The public meeting pages (src/modules/public-pages) through HTTP against a real gateway over a fresh, seeded
 * database: the page of the seeded meeting and of meetings created here (cancelled, postponed, online, hybrid,
 * with local times either side of a clock change, date-only), each one's schema.org Event parsed from its
 * JSON-LD block and checked field by field; the index with its filters and cursor; 404 and 400 pages; escaping;
 * and the caching headers, revalidated after a write.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

interface Fetched {
  status: number;
  headers: Headers;
  body: string;
}

/** Every `<script type="application/ld+json">` block of a page, parsed. */
function jsonLdBlocks(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (match) => JSON.parse(match[1]!) as Record<string, unknown>,
  );
}

function onlyEvent(html: string): Record<string, unknown> {
  const blocks = jsonLdBlocks(html);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

/** The `<dd data-fact="name">` of a meeting page, tags and all. */
function fact(html: string, name: string): string | undefined {
  return new RegExp(`<dd data-fact="${name}">([\\s\\S]*?)</dd>`).exec(html)?.[1];
}

/** The slugs the index lists, in order. */
function listedSlugs(html: string): string[] {
  return [...html.matchAll(/<li data-slug="([^"]+)">/g)].map((match) => match[1]!);
}

const CREATE_MEETING = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id slug } } }`;
const UPDATE_MEETING = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { version } } }`;
const CREATE_VENUE = `mutation($input: CreateVenueInput!) { createVenue(input: $input) { venue { id } } }`;

describe("public meeting pages", () => {
  let t: TestGateway;
  let origin: string;
  let editor: Record<string, string>;
  let europeId: string;
  let venueId: string;

  const get = async (pathname: string, headers: Record<string, string> = {}): Promise<Fetched> => {
    const response = await fetch(`${origin}${pathname}`, { headers: { accept: "text/html", ...headers } });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  const createMeeting = async (input: Record<string, unknown>) =>
    dataOf(
      await t.query<{ createMeeting: { meeting: { id: string; slug: string } } }>(
        CREATE_MEETING,
        { input: { kind: "CONFERENCE", regionId: europeId, ...input } },
        editor,
      ),
    ).createMeeting.meeting;

  beforeAll(async () => {
    t = await startTestGateway();
    origin = new URL(t.gateway.url).origin;
    editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const regions = dataOf(await t.query<{ region: { id: string } }>(`{ region(code: "EUROPE") { id } }`));
    europeId = regions.region.id;
    venueId = dataOf(
      await t.query<{ createVenue: { venue: { id: string } } }>(
        CREATE_VENUE,
        {
          input: {
            slug: "wco-headquarters-brussels",
            name: "WCO Headquarters",
            address: "Rue du Marché 30",
            city: "Brussels",
            countryCode: "BE",
            timezone: "Europe/Brussels",
          },
        },
        editor,
      ),
    ).createVenue.venue.id;
  });
  afterAll(() => t.stop());

  describe("the seeded meeting's page", () => {
    let page: Fetched;
    beforeAll(async () => {
      page = await get(`/meetings/${SEEDED}`);
    });

    it("is served as HTML with its own Content-Security-Policy, no script allowed, and CDN-friendly caching", () => {
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const policy = page.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/default-src 'none'/);
      expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(policy).not.toMatch(/script-src/);
      expect(page.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
      expect(page.headers.get("etag")).toMatch(/^(W\/)?"[^"]+"$/);
      expect(page.body.startsWith("<!doctype html>")).toBe(true);
      expect(page.body).not.toContain('name="robots"');
    });

    it("shows the title, status, host, region, series, the .ics, the agenda with speakers and the source", () => {
      const { body } = page;
      expect(body).toContain("<h1>Heads of Customs Meeting of the Americas/Caribbean Region</h1>");
      expect(body).toContain('data-status="HELD">Held</span>');
      expect(fact(body, "when")).toBe(
        '<time datetime="2021-04-22">22 April 2021</time> <span class="meta">(America/Lima)</span>',
      );
      expect(fact(body, "host")).toBe('<a href="/meetings?host=PE">Peru Customs (SUNAT), Peru</a>');
      expect(fact(body, "region")).toBe('<a href="/meetings?region=AMERICAS_CARIBBEAN">Americas and Caribbean</a>');
      expect(fact(body, "series")).toMatch(
        /^<a href="\/meetings\?series=[^"]+">Heads of Customs Meeting of the Americas\/Caribbean Region<\/a>$/,
      );
      expect(fact(body, "calendar")).toBe(
        `<a href="/calendar/${SEEDED}.ics" type="text/calendar">Add to your calendar (.ics)</a>`,
      );
      expect(fact(body, "venue")).toBeUndefined();
      expect(fact(body, "online")).toBeUndefined();
      const agenda = [...body.matchAll(/<li data-position="(\d+)"><h3>([^<]*)<\/h3>/g)].map((m) => Number(m[1]));
      expect(agenda).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(body).toMatch(/<h3>Opening ceremony<\/h3>[\s\S]*?<span class="speaker">Dr\. Kunio Mikuriya<\/span>/);
      expect(body).toMatch(
        /<cite lang="en">Americas and Caribbean Regional Meeting discusses priorities and shares best practices<\/cite>/,
      );
      expect(body).toContain('<a href="/">Home</a>');
    });

    it("carries a schema.org Event: dates only (no times on record), HELD as EventScheduled, no attendance mode, organised by SUNAT", () => {
      const event = onlyEvent(page.body);
      expect(event).toEqual({
        "@context": "https://schema.org",
        "@type": "Event",
        name: "Heads of Customs Meeting of the Americas/Caribbean Region",
        description:
          "The Region's heads of customs discussed regional priorities and shared best practices relating to the WCO theme for 2021.",
        url: `${origin}/meetings/${SEEDED}`,
        startDate: "2021-04-22",
        endDate: "2021-04-22",
        eventStatus: "https://schema.org/EventScheduled",
        organizer: {
          "@type": "Organization",
          name: "Peru Customs",
          alternateName: "SUNAT",
          address: { "@type": "PostalAddress", addressCountry: "PE" },
        },
        superEvent: { "@type": "EventSeries", name: "Heads of Customs Meeting of the Americas/Caribbean Region" },
      });
    });

    it("answers 304 to a revalidation with its ETag, and a new page after the meeting changes", async () => {
      const etag = page.headers.get("etag")!;
      const again = await get(`/meetings/${SEEDED}`, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(again.body).toBe("");
      const id = dataOf(
        await t.query<{ meeting: { id: string; version: number } }>(`{ meeting(slug: "${SEEDED}") { id version } }`),
      ).meeting;
      dataOf(
        await t.query(
          UPDATE_MEETING,
          { input: { id: id.id, expectedVersion: id.version, summary: "Changed for the cache test." } },
          editor,
        ),
      );
      const changed = await get(`/meetings/${SEEDED}`, { "if-none-match": etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      expect(onlyEvent(changed.body).description).toBe("Changed for the cache test.");
    });
  });

  describe("created meetings", () => {
    it("a cancelled in-person meeting with times either side of the change to winter time: offsets per day, a Place", async () => {
      const { slug } = await createMeeting({
        slug: "2021-10-30-europe-customs-conference",
        title: "Europe Customs Conference",
        format: "IN_PERSON",
        status: "CANCELLED",
        startDate: "2021-10-30",
        endDate: "2021-10-31",
        startTime: "09:00",
        endTime: "17:30",
        timezone: "Europe/Brussels",
        venueId,
      });
      const page = await get(`/meetings/${slug}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<span class="status status-cancelled" data-status="CANCELLED">Cancelled</span>');
      expect(fact(page.body, "venue")).toBe("WCO Headquarters, Rue du Marché 30, Brussels, Belgium");
      expect(fact(page.body, "when")).toContain("09:00–17:30");
      expect(fact(page.body, "when")).toBe(
        '<time datetime="2021-10-30">30\u2009–\u200931 October 2021</time>, 09:00–17:30 <span class="meta">(Europe/Brussels, UTC+02:00 → UTC+01:00)</span>',
      );
      expect(onlyEvent(page.body)).toEqual({
        "@context": "https://schema.org",
        "@type": "Event",
        name: "Europe Customs Conference",
        url: `${origin}/meetings/${slug}`,
        startDate: "2021-10-30T09:00:00+02:00",
        endDate: "2021-10-31T17:30:00+01:00",
        eventStatus: "https://schema.org/EventCancelled",
        eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
        location: {
          "@type": "Place",
          name: "WCO Headquarters",
          address: {
            "@type": "PostalAddress",
            streetAddress: "Rue du Marché 30",
            addressLocality: "Brussels",
            addressCountry: "BE",
          },
        },
      });
    });

    it("a postponed online meeting: VirtualLocation, online attendance, a one-day time in summer", async () => {
      const { slug } = await createMeeting({
        slug: "2022-03-28-europe-e-commerce-webinar",
        title: "E-Commerce webinar",
        kind: "WEBINAR",
        format: "VIRTUAL",
        status: "POSTPONED",
        startDate: "2022-03-28",
        endDate: "2022-03-28",
        startTime: "14:00",
        endTime: "15:30",
        timezone: "Europe/Brussels",
        onlineLink: { url: "https://meet.example.org/wco-ecommerce", platform: "Zoom" },
      });
      const page = await get(`/meetings/${slug}`);
      expect(fact(page.body, "online")).toBe(
        '<a href="https://meet.example.org/wco-ecommerce" rel="external noopener noreferrer">Join on Zoom</a>',
      );
      const event = onlyEvent(page.body);
      expect(event).toMatchObject({
        startDate: "2022-03-28T14:00:00+02:00",
        endDate: "2022-03-28T15:30:00+02:00",
        eventStatus: "https://schema.org/EventPostponed",
        eventAttendanceMode: "https://schema.org/OnlineEventAttendanceMode",
        location: { "@type": "VirtualLocation", url: "https://meet.example.org/wco-ecommerce" },
      });
    });

    it("a hybrid meeting: a Place and a VirtualLocation, mixed attendance; a winter date in a zone west of UTC", async () => {
      const { slug } = await createMeeting({
        slug: "2021-12-07-hybrid-council",
        title: "Hybrid Council",
        format: "HYBRID",
        status: "HELD",
        startDate: "2021-12-07",
        endDate: "2021-12-07",
        startTime: "10:00",
        timezone: "America/New_York",
        venueId,
        onlineLink: { url: "https://meet.example.org/council" },
      });
      const event = onlyEvent((await get(`/meetings/${slug}`)).body);
      expect(event.startDate).toBe("2021-12-07T10:00:00-05:00");
      // No end time on record: the last day is given as a date.
      expect(event.endDate).toBe("2021-12-07");
      expect(event.eventStatus).toBe("https://schema.org/EventScheduled");
      expect(event.eventAttendanceMode).toBe("https://schema.org/MixedEventAttendanceMode");
      expect(event.location).toEqual([
        expect.objectContaining({ "@type": "Place", name: "WCO Headquarters" }),
        { "@type": "VirtualLocation", url: "https://meet.example.org/council" },
      ]);
    });

    it("a date-only meeting: dates without time; and a meeting with no date: neither", async () => {
      const dated = await createMeeting({
        slug: "2023-06-01-date-only",
        title: "Date-only workshop",
        kind: "WORKSHOP",
        startDate: "2023-06-01",
        endDate: "2023-06-02",
      });
      const event = onlyEvent((await get(`/meetings/${dated.slug}`)).body);
      expect(event.startDate).toBe("2023-06-01");
      expect(event.endDate).toBe("2023-06-02");
      expect(event).not.toHaveProperty("eventAttendanceMode");
      expect(event).not.toHaveProperty("location");
      const undated = onlyEvent((await get(`/meetings/sunat-chemical-analysis-webinar`)).body);
      expect(undated).not.toHaveProperty("startDate");
      expect(undated).not.toHaveProperty("endDate");
      expect(undated.eventAttendanceMode).toBe("https://schema.org/OnlineEventAttendanceMode");
    });

    it("escapes a title that tries to end the JSON-LD block or open a comment", async () => {
      const title = `Evil </script><script>alert(1)</script><!-- "quoted" & more`;
      const { slug } = await createMeeting({ slug: "2021-01-01-escaping", title, summary: "</SCRIPT>" });
      const page = await get(`/meetings/${slug}`);
      expect(page.body.match(/<script/gi)).toHaveLength(1);
      expect(page.body).toContain(
        `<h1>Evil &#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#60;!-- &#34;quoted&#34; &#38; more</h1>`,
      );
      const event = onlyEvent(page.body);
      expect(event.name).toBe(title);
      expect(event.description).toBe("</SCRIPT>");
    });
  });

  describe("not found", () => {
    it.each([["2099-01-01-no-such-meeting"], ["Not-A-Slug"], ["a%20b"]])(
      "answers 404 with a page for %s",
      async (slug) => {
        const page = await get(`/meetings/${slug}`);
        expect(page.status).toBe(404);
        expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
        expect(page.body).toContain("<h1>Meeting not found</h1>");
        expect(page.body).toContain('<meta name="robots" content="noindex" />');
        expect(jsonLdBlocks(page.body)).toEqual([]);
      },
    );
  });

  describe("the index", () => {
    it("lists meetings newest first, each linking its page, and is linked from the home page", async () => {
      const home = await get("/");
      expect(home.body).toContain('href="/meetings"');
      const page = await get("/meetings");
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
      const slugs = listedSlugs(page.body);
      expect(slugs.slice(0, 3)).toEqual([
        "2023-06-01-date-only",
        "2022-03-28-europe-e-commerce-webinar",
        "2021-12-07-hybrid-council",
      ]);
      expect(slugs).toContain(SEEDED);
      expect(page.body).toContain(`<a href="/meetings/${SEEDED}">`);
    });

    it("filters by region, kind, year and host, and follows the series link of a meeting's page", async () => {
      // The escaping test's meeting has no date: a year selects only dated meetings.
      const europe2021 = await get("/meetings?region=EUROPE&year=2021");
      expect(listedSlugs(europe2021.body)).toEqual([
        "2021-12-07-hybrid-council",
        "2021-10-30-europe-customs-conference",
      ]);
      expect(europe2021.body).toContain("<h1>Meetings: Europe · 2021</h1>");
      expect(europe2021.body).toContain('<option value="EUROPE" selected>Europe</option>');
      const webinars = await get("/meetings?kind=WEBINAR");
      expect(listedSlugs(webinars.body)).toEqual([
        "2022-03-28-europe-e-commerce-webinar",
        "sunat-chemical-analysis-webinar",
      ]);
      const peru = await get("/meetings?host=pe");
      // Undated meetings last, in the order the connection gives ties.
      expect(listedSlugs(peru.body)).toEqual([
        SEEDED,
        "sunat-chemical-analysis-webinar",
        "sunat-regional-customs-laboratory-inauguration",
      ]);
      const seriesHref = /<dd data-fact="series"><a href="([^"]+)">/.exec((await get(`/meetings/${SEEDED}`)).body)![1]!;
      expect(listedSlugs((await get(seriesHref.replace(/&#38;/g, "&"))).body)).toEqual([SEEDED]);
    });

    it("pages with a cursor: every meeting once, newest first", async () => {
      for (let i = 1; i <= 25; i++)
        await createMeeting({
          slug: `2020-01-${String(i).padStart(2, "0")}-paging`,
          title: `Paging ${i}`,
          startDate: `2020-01-${String(i).padStart(2, "0")}`,
        });
      const seen: string[] = [];
      let next: string | null = "/meetings";
      while (next) {
        const page = await get(next);
        expect(page.status).toBe(200);
        seen.push(...listedSlugs(page.body));
        next = /<a href="([^"]+)" rel="next">/.exec(page.body)?.[1]?.replace(/&#38;/g, "&") ?? null;
      }
      const total = dataOf(await t.query<{ meetings: { totalCount: number } }>(`{ meetings { totalCount } }`)).meetings
        .totalCount;
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen.indexOf("2020-01-25-paging")).toBeLessThan(seen.indexOf("2020-01-24-paging"));
    });

    it("sends as many SQL statements for a page of 25 meetings as for a page of one (loaders, not one query per meeting)", async () => {
      // Distinct filters: neither answer can come from the response cache.
      const { result: many, statements: forMany } = await t.countSql(() => get("/meetings?year=2020"));
      const { result: one, statements: forOne } = await t.countSql(() => get("/meetings?year=2022"));
      expect(listedSlugs(many.body)).toHaveLength(25);
      expect(listedSlugs(one.body)).toHaveLength(1);
      expect(forMany).toBe(forOne);
    });

    it("sends a bounded number of SQL statements for a meeting's page, whatever the size of its agenda", async () => {
      const cold = async (slug: string) => {
        // A write empties the response cache, so each page is read from the database.
        await createMeeting({ slug: `2019-01-01-cache-buster-${slug.length}`, title: "Cache buster" });
        return (await t.countSql(() => get(`/meetings/${slug}`))).statements;
      };
      const seeded = await cold(SEEDED);
      const bare = await cold("2023-06-01-date-only");
      // Measured: 10 and 4. A statement per agenda item for its speakers, pillar and topics would be 24 more.
      expect(bare).toBeLessThanOrEqual(5);
      expect(seeded).toBeLessThanOrEqual(12);
    });

    it.each([
      ["/meetings?kind=PARTY", '"kind" must be one of'],
      ["/meetings?year=21", '"year" must be a year of four digits'],
      ["/meetings?after=not-a-cursor", ""],
    ])("answers 400 with a page naming the problem for %s", async (pathname, problem) => {
      const page = await get(pathname);
      expect(page.status).toBe(400);
      expect(page.body).toContain("<h1>Not a list of meetings</h1>");
      expect(page.body).toContain(problem.replace(/"/g, "&#34;"));
    });
  });

  it("labels the pages' requests in the metrics with their operations' names", async () => {
    await get(`/meetings/${SEEDED}`);
    await get("/meetings");
    const text = await (await fetch(`${origin}/metrics`)).text();
    expect(text).toMatch(/graphql_requests_total\{operation="PublicMeetingPage",type="query"\} [1-9]/);
    expect(text).toMatch(/graphql_requests_total\{operation="PublicMeetingIndex",type="query"\} [1-9]/);
  });

  it("serves every public-page URL the README shows, and the seeded meeting's JSON-LD as the README shows it", async () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Public meeting pages"), readme.indexOf("## The API in brief"));
    const urls = [...section.matchAll(/http:\/\/localhost:4000(\/meetings[^\s)`<>,"]*)/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect({ url, status: (await get(url)).status }).toEqual({ url, status: 200 });
    const documented = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as Record<string, unknown>;
    // The summary was changed by the caching test above; the README shows the seeded one.
    const served = onlyEvent((await get(`/meetings/${SEEDED}`)).body);
    expect({ ...served, description: documented.description }).toEqual({
      ...documented,
      url: `${origin}/meetings/${SEEDED}`,
    });
  });
});

describe("public meeting pages under a rate budget", () => {
  it("answer 429 with Retry-After once the address has spent its budget, which /graphql shares", async () => {
    const t = await startTestGateway({
      rateLimit: { ...loadConfig({}).rateLimit, enabled: true, points: 6, windowSeconds: 60 },
    });
    try {
      const url = new URL(`/meetings/${SEEDED}`, t.gateway.url);
      const statuses: number[] = [];
      for (let i = 0; i < 20 && statuses.at(-1) !== 429; i++) {
        const response = await fetch(url);
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(429);
      const refused = await fetch(new URL("/meetings", t.gateway.url));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.headers.get("cache-control")).toBe("private, no-store");
      const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe("RATE_LIMITED");
      expect((await t.query("{ __typename }")).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    } finally {
      await t.stop();
    }
  });
});
