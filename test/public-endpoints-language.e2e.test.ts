import type ICALModule from "ical.js" with { "resolution-mode": "import" };
import { parseFeed } from "@rowanmanning/feed-parser";
import { parse as parseCsv } from "csv-parse/sync";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { TEST_ENGINE } from "./helpers/database";

/*
 * Issue 17 item 5 on the public GET endpoints: calendars, the Atom feed, the CSV files and the meeting pages answer
 * the directory's translated texts in the language of `?lang=` (or, without it, of `Accept-Language`), keep one
 * cached answer per language, and refuse a `?lang=` that names no language of the directory.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require("ical.js") as typeof ICALModule;

const SLUG = "2021-04-22-americas-caribbean-heads-of-customs";
const ORIGINAL = "Heads of Customs Meeting of the Americas/Caribbean Region";
const SPANISH = "Reunión de Directores Generales de Aduanas de la Región de las Américas y el Caribe";
const FRENCH = "Réunion des directeurs généraux des douanes de la région Amériques/Caraïbes";

const SET = `mutation($input: SetTranslationInput!) { setTranslation(input: $input) { translation { id } } }`;

describe(`public endpoints in the request's language (${TEST_ENGINE})`, () => {
  let t: TestGateway;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, t.gateway.url), { headers });
  const text = async (path: string, headers: Record<string, string> = {}) => {
    const response = await get(path, headers);
    expect(response.status).toBe(200);
    return response.text();
  };
  const summaryOf = (ics: string) =>
    new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!.getFirstPropertyValue("summary");

  beforeAll(async () => {
    t = await startTestGateway();
    const editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    const meeting = dataOf(await t.query<{ meeting: { id: string } }>(`{ meeting(slug: "${SLUG}") { id } }`)).meeting;
    for (const [language, translated] of [
      ["ES", SPANISH],
      ["FR", FRENCH],
    ] as const)
      dataOf(await t.query(SET, { input: { id: meeting.id, field: "title", language, text: translated } }, editor));
  });
  afterAll(() => t.stop());

  it("answers a meeting's calendar in ?lang=, else Accept-Language, else as stored; one cached answer per language", async () => {
    const path = `/calendar/${SLUG}.ics`;
    expect(summaryOf(await text(path))).toBe(ORIGINAL);
    expect(summaryOf(await text(`${path}?lang=es`))).toBe(SPANISH);
    expect(summaryOf(await text(path, { "accept-language": "fr-CA,fr;q=0.9" }))).toBe(FRENCH);
    // ?lang= wins over the header; and the answers above did not leak into each other through the cache.
    expect(summaryOf(await text(`${path}?lang=ES`, { "accept-language": "fr" }))).toBe(SPANISH);
    expect(summaryOf(await text(path))).toBe(ORIGINAL);
    const response = await get(`${path}?lang=fr`);
    expect(response.headers.get("vary")).toMatch(/accept-language/i);
  });

  it("follows ?lang= in the calendar of many meetings, the Atom feed and the meetings CSV", async () => {
    const calendar = new ICAL.Component(ICAL.parse(await text("/calendar.ics?lang=es&host=PE")));
    expect(calendar.getAllSubcomponents("vevent").map((event) => event.getFirstPropertyValue("summary"))).toContain(
      SPANISH,
    );
    const feed = parseFeed(await text("/feed.atom?lang=fr"));
    expect(feed.items.map((item) => item.title)).toContain(FRENCH);
    const rows = parseCsv(await text("/meetings.csv?lang=es&host=PE"), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((row) => row.title)).toContain(SPANISH);
  });

  it("renders a meeting page and the index in the language asked for: texts, labels and <html lang>", async () => {
    const spanish = await text(`/meetings/${SLUG}?lang=es`);
    expect(spanish).toContain('<html lang="es"');
    expect(spanish).toContain(SPANISH);
    expect(spanish).toContain("Celebrada");
    const french = await text(`/meetings/${SLUG}`, { "accept-language": "fr" });
    expect(french).toContain('<html lang="fr"');
    expect(french).toContain(FRENCH);
    expect(french).toContain("Tenue");
    const english = await text(`/meetings/${SLUG}`);
    expect(english).toContain('<html lang="en"');
    expect(english).toContain(ORIGINAL);
    expect(await text("/meetings?lang=es")).toContain(SPANISH);
  });

  it.each([
    [`/calendar/${SLUG}.ics?lang=de`],
    ["/calendar.ics?lang=es&lang=fr"],
    ["/feed.atom?lang=klingon"],
    ["/meetings.csv?lang=de"],
    ["/dashboard/activity.csv?lang=de"],
    [`/meetings/${SLUG}?lang=de`],
  ])("refuses %s: 400, naming the parameter", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("lang");
  });
});
