import type ICALModule from "ical.js" with { "resolution-mode": "import" };
import { parse as parseCsv } from "csv-parse/sync";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

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
});
