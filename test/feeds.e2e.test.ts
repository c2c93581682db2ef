import type ICALModule from "ical.js" with { "resolution-mode": "import" };
import { parseFeed } from "@rowanmanning/feed-parser";
import { parse as parseCsv } from "csv-parse/sync";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { loadSynthetic } from "./helpers/synthetic-directory";

/*
 * The feeds (issue 17 items 1, 3, 4) through HTTP, parsed by maintained parsers: ical.js for the calendars,
 * csv-parse for the CSV. Runs on SQLite and, with TEST_ENGINE=postgres, on PostgreSQL.
 */

// ical.js types only its ES module; its CommonJS build (what Jest loads) exports the same object.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require("ical.js") as typeof ICALModule;

const SEED_SLUG = "2021-04-22-americas-caribbean-heads-of-customs";
/** 130 characters, most of them two UTF-8 octets: folding must not cut one in half. */
const LONG_TITLE =
  "Réunion régionale des directeurs généraux des douanes — Amériques et Caraïbes : « Récupération, Renouvellement, Résilience » à Lima";

interface Created {
  id: string;
  slug: string;
}

describe("feeds", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let accented: Created;
  let undated: Created;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, t.gateway.url), { headers });

  async function createMeeting(input: Record<string, unknown>): Promise<Created> {
    const response = await t.query<{ createMeeting: { meeting: Created } }>(
      `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id slug } } }`,
      { input },
      editor,
    );
    return dataOf(response).createMeeting.meeting;
  }

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("admin")}` };
    const venue = dataOf(
      await t.query<{ createVenue: { venue: { id: string } } }>(
        `mutation($input: CreateVenueInput!) { createVenue(input: $input) { venue { id } } }`,
        {
          input: {
            slug: "sunat-lima",
            name: "SUNAT; Sala principal",
            address: "Av. Garcilaso de la Vega 1472, Cercado de Lima",
            city: "Lima",
            countryCode: "PE",
          },
        },
        editor,
      ),
    ).createVenue.venue;
    accented = await createMeeting({
      slug: "2021-05-10-lima-regional-directors",
      title: LONG_TITLE,
      kind: "WEBINAR",
      startDate: "2021-05-10",
      endDate: "2021-05-12",
      timezone: "America/Lima",
      venueId: venue.id,
      onlineLink: { url: "https://meet.example.org/lima?room=1,2;3" },
      summary: "Line one\nLine two, with a comma; and a semicolon\\backslash",
    });
    undated = await createMeeting({ slug: "undated-webinar", title: '=HYPERLINK("http://evil")', kind: "WEBINAR" });
  });
  afterAll(() => t.stop());

  function parseCalendar(text: string) {
    const component = new ICAL.Component(ICAL.parse(text));
    return { component, events: component.getAllSubcomponents("vevent").map((event) => new ICAL.Event(event)) };
  }

  describe("/calendar.ics", () => {
    it("is a valid RFC 5545 calendar of the dated meetings, with stable UIDs and sequences", async () => {
      const response = await get("/calendar.ics");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(response.headers.get("etag")).toMatch(/^"/);
      expect(response.headers.get("cache-control")).toBe("public, max-age=5");
      const text = await response.text();
      // CRLF everywhere, and no line (without its CRLF) longer than 75 octets.
      expect(text.split("\r\n").every((line) => !line.includes("\n"))).toBe(true);
      for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
      const { component, events } = parseCalendar(text);
      expect(component.getFirstPropertyValue("version")).toBe("2.0");
      expect(component.getFirstPropertyValue("prodid")).toMatch(/Customs Events Gateway/);
      const titles = events.map((event) => event.summary);
      expect(titles).toContain("Heads of Customs Meeting of the Americas/Caribbean Region");
      expect(titles).toContain(LONG_TITLE);
      // The undated meeting has no day to be on.
      expect(titles).not.toContain('=HYPERLINK("http://evil")');
      const uids = events.map((event) => event.uid);
      expect(new Set(uids).size).toBe(uids.length);
      for (const uid of uids)
        expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("makes date-only meetings all-day events with an exclusive end, and carries text exactly", async () => {
      const { events } = parseCalendar(await (await get("/calendar.ics")).text());
      const event = events.find((e) => e.summary === LONG_TITLE)!;
      expect(event.startDate.isDate).toBe(true);
      expect(event.startDate.toString()).toBe("2021-05-10");
      expect(event.endDate.isDate).toBe(true);
      expect(event.endDate.toString()).toBe("2021-05-13");
      expect(event.location).toBe("SUNAT; Sala principal, Av. Garcilaso de la Vega 1472, Cercado de Lima, Lima, PE");
      expect(event.description).toContain("Line one\nLine two, with a comma; and a semicolon\\backslash");
      // ical-generator escapes `,` and `;` in URI values as if they were text (ical.js read them back with the
      // backslashes): they are percent-encoded instead, which every URL reader takes as the same characters.
      expect(event.component.getFirstPropertyValue("url")).toBe("https://meet.example.org/lima?room=1%2C2%3B3");
      expect(event.sequence).toBe(1);
    });

    it("filters by the same parameters as `meetings`, and keeps line breaks of a parameter out of the structure", async () => {
      const webinars = parseCalendar(await (await get("/calendar.ics?kind=WEBINAR")).text());
      expect(webinars.events.map((e) => e.summary)).toEqual([LONG_TITLE]);
      const region = parseCalendar(await (await get("/calendar.ics?region=AMERICAS_CARIBBEAN&from=2021-01-01")).text());
      expect(region.events.map((e) => e.summary)).toEqual([
        "Heads of Customs Meeting of the Americas/Caribbean Region",
      ]);
      const injected = await get(`/calendar.ics?text=${encodeURIComponent("x\r\nEND:VCALENDAR\r\nBEGIN:VEVENT")}`);
      expect(injected.status).toBe(200);
      const text = await injected.text();
      expect(text.match(/^END:VCALENDAR/gm)).toHaveLength(1);
      expect(parseCalendar(text).events).toHaveLength(0);
    });

    it("answers 400 with a stable code for a bad parameter", async () => {
      const response = await get("/calendar.ics?from=yesterday");
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
      expect(body.errors[0]!.message).toMatch(/yesterday/);
    });

    it("bumps SEQUENCE and the ETag when the meeting changes, and answers 304 until then", async () => {
      const first = await get("/calendar.ics");
      const etag = first.headers.get("etag")!;
      expect((await get("/calendar.ics", { "if-none-match": etag })).status).toBe(304);
      dataOf(
        await t.query(
          `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { version } } }`,
          { input: { id: accented.id, endDate: "2021-05-11" } },
          editor,
        ),
      );
      const after = await get("/calendar.ics", { "if-none-match": etag });
      expect(after.status).toBe(200);
      expect(after.headers.get("etag")).not.toBe(etag);
      const event = parseCalendar(await after.text()).events.find((e) => e.summary === LONG_TITLE)!;
      expect(event.sequence).toBe(2);
      expect(event.endDate.toString()).toBe("2021-05-12");
    });
  });

  describe("one meeting's calendar", () => {
    it("is served at Meeting.calendarUrl with the meeting's one event", async () => {
      const { meeting } = dataOf(
        await t.query<{ meeting: { calendarUrl: string } }>(`{ meeting(slug: "${SEED_SLUG}") { calendarUrl } }`),
      );
      expect(meeting.calendarUrl).toBe(`/calendar/${SEED_SLUG}.ics`);
      const response = await get(meeting.calendarUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename=${SEED_SLUG}.ics`);
      const { events } = parseCalendar(await response.text());
      expect(events).toHaveLength(1);
      expect(events[0]!.summary).toBe("Heads of Customs Meeting of the Americas/Caribbean Region");
      expect(events[0]!.startDate.toString()).toBe("2021-04-22");
    });

    it("answers 404 NOT_FOUND for an unknown slug and for a meeting without a date", async () => {
      for (const path of ["/calendar/no-such-meeting.ics", `/calendar/${undated.slug}.ics`]) {
        const response = await get(path);
        expect(response.status).toBe(404);
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0]!.extensions.code).toBe("NOT_FOUND");
      }
    });
  });

  describe("/feed.atom", () => {
    it("is an Atom feed of the meetings added or changed, latest change first, with stable ids", async () => {
      const response = await get("/feed.atom");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      const text = await response.text();
      const feed = parseFeed(text);
      expect(feed.meta.type).toBe("atom");
      // The parser exposes no feed-level id: the feed's is the first <id>, before any entry.
      expect(text.slice(0, text.indexOf("<entry>"))).toMatch(/<id>urn:uuid:[0-9a-f-]{36}<\/id>/);
      expect(feed.authors.map((author) => author.name)).toEqual(["Customs Events Gateway"]);
      expect(feed.language).toBe("en");
      expect(feed.self).toBe(new URL("/feed.atom", t.gateway.url).href);
      const updated = feed.items.map((item) => item.updated!.getTime());
      expect(updated).toEqual([...updated].sort((a, b) => b - a));
      expect(feed.updated!.getTime()).toBe(updated[0]);
      const entry = feed.items.find((item) => item.title === LONG_TITLE)!;
      expect(entry.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5/);
      expect(entry.url).toBe(new URL(`/calendar/${accented.slug}.ics`, t.gateway.url).href);
      expect(entry.description).toContain("Line two, with a comma; and a semicolon\\backslash");
      expect(entry.description).toContain("SUNAT; Sala principal, Lima, PE");
      expect(entry.categories.map((category) => category.term)).toEqual(["WEBINAR"]);
      // The calendar's UID and the feed's id name the same meeting the same way.
      const { events } = parseCalendar(await (await get(`/calendar/${accented.slug}.ics`)).text());
      expect(entry.id).toBe(`urn:uuid:${events[0]!.uid}`);
      // Markup in a title is text, never elements.
      const html = feed.items.find((item) => item.id && item.title?.startsWith("=HYPERLINK"));
      expect(html?.title).toBe('=HYPERLINK("http://evil")');
    });

    it("puts a changed meeting first, with the record's updatedAt, and keeps its id", async () => {
      const before = parseFeed(await (await get("/feed.atom")).text());
      const seed = before.items.find((item) => item.title?.startsWith("Heads of Customs Meeting"))!;
      const changed = dataOf(
        await t.query<{ updateMeeting: { meeting: { updatedAt: string } } }>(
          `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { updatedAt } } }`,
          {
            input: { id: Buffer.from("Meeting:1").toString("base64url"), summary: "Changed <b>for</b> the feed & co" },
          },
          editor,
        ),
      ).updateMeeting.meeting;
      const after = parseFeed(await (await get("/feed.atom")).text());
      // SQLite keeps updatedAt to the second: meetings changed in the same second may come first (newer ids);
      // the changed one carries the feed's latest `updated`.
      const entry = after.items.find((item) => item.id === seed.id)!;
      expect(entry.updated!.toISOString()).toBe(changed.updatedAt);
      expect(after.updated!.toISOString()).toBe(changed.updatedAt);
      expect(entry.description).toContain("Changed <b>for</b> the feed & co");
    });
  });

  describe("/meetings.csv", () => {
    it("is RFC 4180 CSV in UTF-8 with a header row, quoting what needs it and defusing formulas", async () => {
      const response = await get("/meetings.csv");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe("attachment; filename=meetings.csv");
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const text = bytes.toString("utf8");
      expect(text).toMatch(/\r\n$/);
      const rows = parseCsv(text, { bom: true, columns: true }) as Record<string, string>[];
      const byslug = new Map(rows.map((row) => [row.slug, row]));
      expect(byslug.get(accented.slug)).toMatchObject({
        title: LONG_TITLE,
        kind: "WEBINAR",
        start_date: "2021-05-10",
        venue: "SUNAT; Sala principal",
        online_url: "https://meet.example.org/lima?room=1,2;3",
      });
      expect(byslug.get(undated.slug)!.title).toBe(`'=HYPERLINK("http://evil")`);
      expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    });
  });

  describe("/dashboard/activity.csv", () => {
    it("has regionalActivity's rows, with its arguments as parameters and a column per pillar", async () => {
      const response = await get(
        "/dashboard/activity.csv?regions=AMERICAS_CARIBBEAN,EUROPE&from=2021-01-01&to=2021-12-31&granularity=quarter",
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
      const rows = parseCsv(await response.text(), { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((row) => `${row.region} ${row.period}`)).toEqual([
        ...["Q1", "Q2", "Q3", "Q4"].map((q) => `AMERICAS_CARIBBEAN 2021-${q}`),
        ...["Q1", "Q2", "Q3", "Q4"].map((q) => `EUROPE 2021-${q}`),
      ]);
      const april = rows.find((row) => row.region === "AMERICAS_CARIBBEAN" && row.period === "2021-Q2")!;
      expect(april).toMatchObject({
        region_name: "Americas and Caribbean",
        first_day: "2021-04-01",
        last_day: "2021-06-30",
        meetings: "1",
        agenda_items: "8",
        "agenda_items: Recovery (2021)": expect.stringMatching(/^[1-9]/),
      });
      expect(rows.find((row) => row.region === "EUROPE" && row.period === "2021-Q2")!.meetings).toBe("0");
    });

    it("answers 400 BAD_USER_INPUT for a bad granularity, date or parameter name", async () => {
      for (const query of [
        "granularity=WEEK",
        "from=2021-13-01",
        "region=EUROPE",
        "granularity=YEAR&granularity=MONTH",
      ]) {
        const response = await get(`/dashboard/activity.csv?${query}`);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
      }
    });
  });
});

describe("the bound on the meeting feeds", () => {
  it("holds the 500 latest-starting meetings, read 100 at a time, and says what it left out", async () => {
    const t = await startTestGateway();
    try {
      await loadSynthetic(t.gateway.dataSource, { meetings: 520, agendaItems: 0 });
      const total = dataOf(await t.query<{ meetings: { totalCount: number } }>(`{ meetings { totalCount } }`)).meetings
        .totalCount;
      expect(total).toBeGreaterThan(520);
      const started = performance.now();
      const calendar = await fetch(new URL("/calendar.ics", t.gateway.url));
      const text = await calendar.text();
      const cold = performance.now() - started;
      expect(calendar.status).toBe(200);
      expect(calendar.headers.get("x-total-count")).toBe(String(total));
      expect(calendar.headers.get("x-truncated")).toBe(`the 500 latest-starting of ${total}`);
      const component = new ICAL.Component(ICAL.parse(text));
      expect(component.getAllSubcomponents("vevent")).toHaveLength(500);
      expect(component.getFirstPropertyValue("x-wr-caldesc")).toMatch(
        `The 500 latest-starting of the ${total} meetings`,
      );
      // The seeded 2021 meeting starts before every synthetic 2022 one: it is the one cut.
      expect(text).not.toContain("SUMMARY:Heads of Customs Meeting");

      const csv = await fetch(new URL("/meetings.csv", t.gateway.url));
      const rows = parseCsv(await csv.text(), { bom: true, columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(500);
      expect(csv.headers.get("x-truncated")).toBe(`the 500 latest-starting of ${total}`);

      const again = performance.now();
      expect((await fetch(new URL("/calendar.ics", t.gateway.url))).headers.get("x-cache")).toBe("HIT");
      const warm = performance.now() - again;
      console.log(`/calendar.ics of 500 events: ${Math.round(cold)} ms cold, ${Math.round(warm)} ms from the cache`);
    } finally {
      await t.stop();
    }
  }, 60_000);
});
