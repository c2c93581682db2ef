import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { AgendaItemKind } from "../src/modules/agenda/agenda.enums";
import { MeetingFormat, MeetingKind, MeetingStatus, ParticipationRole } from "../src/modules/meeting/meeting.enums";
import { OrganisationKind } from "../src/modules/member/organisation.entity";
import { OfficeKind } from "../src/modules/person/appointment.entity";
import type { TestDatabase } from "./helpers/database";
import { createTestDatabase } from "./helpers/database";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { mulberry32 as seededRandom } from "../bench/generate/prng";

/*
 * Whatever the API accepts must be storable, findable, exportable and importable. Generated inputs (lower-case
 * ISO codes, surrounding whitespace of every kind, decomposed accents, emoji with variation selectors, upper-case
 * URL schemes, time zones in any case…) go through the mutations over HTTP; each is either accepted or refused
 * with BAD_USER_INPUT, and what was accepted is found again, exported by `npm run export`, imported by
 * `npm run import` into a fresh database, and exported again: the same bytes.
 *
 * The generator is seeded: a failure names its seed, and `ROUND_TRIP_SEED=<n>` replays exactly that case.
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..");

/** Texts a directory really holds, and the ones that break naive handling: composed and decomposed accents, scripts, emoji. */
const TEXT_CORES = [
  "Peru Customs",
  "Superintendencia Nacional de Aduanas",
  "Ramírez",
  "Rami\u0301rez", // the same name, its accent a combining character (NFD)
  "Ñandú y Cía.",
  "\u212Bngström", // ANGSTROM SIGN, which NFC turns into Å
  "Zoll- und Grenzschutz",
  "ＷＣＯ",
  "海关总署",
  "الجمارك",
  "Ελληνική Τελωνειακή Υπηρεσία",
  `O'Brien "quoted" \\ back\\slash`,
  "❤️ heart with variation selector",
  "👩‍💼 officer (zero-width joiner)",
  "first line\nsecond line",
  "tab\tinside",
  "zero\u200Bwidth space",
  "ﬁligature",
  "e\u0301\u0302 stacked marks",
];
/** Whitespace clients leave around values: spaces, tabs, newlines, no-break and ideographic spaces, a BOM. */
const PADDING = ["", "", " ", "  ", "\t", "\n", " \r\n ", "\u00A0", "\u3000", "\u2003", "\uFEFF"];
const ISO_CODES = [
  "AR", "BR", "CL", "CO", "EC", "GT", "HN", "MX", "NI", "PA", "PY", "SV", "UY", "VE", "BO", "CR", "DO", "JM",
  "FR", "DE", "ES", "IT", "PT", "NL", "BE", "AT", "CH", "PL", "CZ", "HU", "RO", "GR", "TR", "JP", "CN", "KR",
  "IN", "ID", "MY", "TH", "VN", "PH", "AU", "NZ", "ZA", "KE", "NG", "GH", "SN", "CI", "MA", "EG", "TN", "SA",
]; // prettier-ignore
const TIME_ZONES = ["America/Lima", "america/lima", "AMERICA/GUATEMALA", "Europe/Paris", "utc", "UTC", "Asia/Tokyo"];
const LANGUAGES = ["en", "EN", "es", "fr-CA", "pt-br"];
const URLS = [
  "https://www.wcoomd.org/en/media/newsroom.aspx",
  "HTTPS://WWW.WCOOMD.ORG/EN",
  "Http://example.org/päth?q=ä#frag",
  "https://例え.jp/ニュース",
  "http://example.com:8080/a/b",
];

class InputGenerator {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return out;
  }

  /** A text of at most `max` code points once trimmed; now and then blank or too long, which must be refused. */
  text(max: number): string {
    if (this.chance(0.02)) return this.pick([" ", "\u3000\t", "\n"]);
    if (this.chance(0.02)) return "❤️".repeat(Math.floor(max / 2) + 1); // one code point too many
    if (this.chance(0.05)) return "❤️".repeat(Math.floor(max / 2)); // exactly `max` code points
    const core = Array.from({ length: this.int(1, 3) }, () => this.pick(TEXT_CORES)).join(" ");
    return `${this.pick(PADDING)}${Array.from(core).slice(0, max).join("")}${this.pick(PADDING)}`;
  }

  /** A local time, `HH:MM`. */
  time(): string {
    return `${String(this.int(0, 23)).padStart(2, "0")}:${String(this.int(0, 59)).padStart(2, "0")}`;
  }

  maybe<T>(value: () => T): T | null {
    return this.chance(0.5) ? value() : null;
  }

  /** Upper, lower or mixed case: the API must store one spelling however it is written. */
  anyCase(code: string): string {
    return this.pick([code, code.toLowerCase(), code[0]!.toLowerCase() + code[1], code[0] + code[1]!.toLowerCase()]);
  }

  date(): string {
    if (this.chance(0.03)) return "0000-01-01"; // no such year on PostgreSQL: refused
    const special = ["2024-02-29", "0001-01-01", "9999-12-31", "1952-01-26"];
    if (this.chance(0.1)) return this.pick(special);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${this.int(1990, 2030)}-${pad(this.int(1, 12))}-${pad(this.int(1, 28))}`;
  }

  /** Two dates, in order most of the time (an end before the start must be refused). */
  dateRange(): { startDate: string | null; endDate: string | null } {
    const a = this.maybe(() => this.date());
    const b = this.maybe(() => this.date());
    if (a && b && this.chance(0.9)) return a <= b ? { startDate: a, endDate: b } : { startDate: b, endDate: a };
    return { startDate: a, endDate: b };
  }
}

const CREATE = {
  region: `mutation($input: CreateRegionInput!) { createRegion(input: $input) { region { id } } }`,
  organisation: `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id } } }`,
  member: `mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id isoCode } } }`,
  person: `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`,
  appointment: `mutation($input: CreateAppointmentInput!) { createAppointment(input: $input) { appointment { id } } }`,
  theme: `mutation($input: CreateThemeInput!) { createTheme(input: $input) { theme { id pillars { id } } } }`,
  source: `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
  venue: `mutation($input: CreateVenueInput!) { createVenue(input: $input) { venue { id } } }`,
  series: `mutation($input: CreateMeetingSeriesInput!) { createMeetingSeries(input: $input) { series { id } } }`,
  meeting: `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id slug } } }`,
  participation: `mutation($input: CreateParticipationInput!) { createParticipation(input: $input) { participation { id } } }`,
  agendaItem: `mutation($input: CreateAgendaItemInput!) { createAgendaItem(input: $input) { agendaItem { id } } }`,
};

interface Outcome {
  accepted: number;
  refused: number;
}

/** Sends one create mutation: accepted (returns its payload) or refused with BAD_USER_INPUT, never anything else. */
async function attempt<T>(
  t: TestGateway,
  admin: Record<string, string>,
  document: string,
  input: Record<string, unknown>,
  outcome: Outcome,
): Promise<T | null> {
  const response = await t.query<Record<string, T>>(document, { input }, admin);
  if (response.errors?.length) {
    const codes = response.errors.map((error) => error.extensions?.code);
    if (!codes.every((code) => code === "BAD_USER_INPUT")) {
      throw new Error(`${JSON.stringify(input)} was refused with ${JSON.stringify(response.errors)}`);
    }
    outcome.refused++;
    return null;
  }
  outcome.accepted++;
  return Object.values(dataOf(response))[0]!;
}

/** Creates a generated directory through the API; returns the Members created, with the ISO code as sent. */
async function createGenerated(
  t: TestGateway,
  admin: Record<string, string>,
  g: InputGenerator,
): Promise<{ outcome: Outcome; members: { id: string; sentIsoCode: string }[]; meetings: string[] }> {
  const outcome: Outcome = { accepted: 0, refused: 0 };
  const send = <T>(document: string, input: Record<string, unknown>) => attempt<T>(t, admin, document, input, outcome);
  const existing = dataOf(
    await t.query<{ regions: { id: string }[]; members: { nodes: { isoCode: string }[] } }>(
      `{ regions { id } members(first: 100) { nodes { isoCode } } }`,
    ),
  );
  const regionIds = existing.regions.map((r) => r.id);
  for (let i = 0; i < 2; i++) {
    const created = await send<{ region: { id: string } }>(CREATE.region, {
      code: `ROUND_TRIP_${g.seed}_${i}`,
      name: g.text(200),
    });
    if (created) regionIds.push(created.region.id);
  }
  const organisationIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const created = await send<{ organisation: { id: string } }>(CREATE.organisation, {
      slug: `organisation-${g.seed}-${i}`,
      name: g.text(200),
      shortName: g.maybe(() => g.text(60)),
      kind: g.pick(Object.values(OrganisationKind)),
      countryName: g.maybe(() => g.text(200)),
    });
    if (created) organisationIds.push(created.organisation.id);
  }
  const taken = new Set(existing.members.nodes.map((m) => m.isoCode));
  const members: { id: string; sentIsoCode: string }[] = [];
  for (const code of g.sample(
    ISO_CODES.filter((c) => !taken.has(c)),
    8,
  )) {
    const sentIsoCode = g.anyCase(code);
    const created = await send<{ member: { id: string } }>(CREATE.member, {
      isoCode: sentIsoCode,
      name: g.text(200),
      shortName: g.maybe(() => g.text(60)),
      countryName: g.text(200),
      regionId: g.pick(regionIds),
    });
    if (created) members.push({ id: created.member.id, sentIsoCode });
  }
  const personIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const created = await send<{ person: { id: string } }>(CREATE.person, {
      slug: `person-${g.seed}-${i}`,
      name: g.text(200),
      honorific: g.maybe(() => g.text(20)),
    });
    if (created) personIds.push(created.person.id);
  }
  for (let i = 0; i < 8 && personIds.length; i++) {
    const at = g.int(0, 2);
    await send(CREATE.appointment, {
      personId: g.pick(personIds),
      title: g.text(200),
      kind: g.pick(Object.values(OfficeKind)),
      memberId: at === 1 && members.length ? g.pick(members).id : null,
      organisationId: at === 2 && organisationIds.length ? g.pick(organisationIds) : null,
      regionId: g.maybe(() => g.pick(regionIds)),
      ...g.dateRange(),
    });
  }
  const themes: { id: string; pillarIds: string[] }[] = [];
  for (const year of g.sample([1952, 1999, 2020, 2022, 2023, 2100, 2200], 3)) {
    const created = await send<{ theme: { id: string; pillars: { id: string }[] } }>(CREATE.theme, {
      year,
      title: g.text(300),
      pillars: Array.from({ length: g.int(0, 3) }, () => ({
        name: g.text(120),
        focusAreas: Array.from({ length: g.int(0, 3) }, () => g.text(300)),
      })),
    });
    if (created) themes.push({ id: created.theme.id, pillarIds: created.theme.pillars.map((p) => p.id) });
  }
  const sourceIds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await send<{ source: { id: string } }>(CREATE.source, {
      title: g.text(300),
      publisher: g.text(200),
      publishedOn: g.date(),
      language: g.pick(LANGUAGES),
      url: g.maybe(() => g.pick(URLS)),
    });
    if (created) sourceIds.push(created.source.id);
  }
  const venueIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const created = await send<{ venue: { id: string } }>(CREATE.venue, {
      slug: `venue-${g.seed}-${i}`,
      name: g.text(200),
      city: g.maybe(() => g.text(120)),
      countryCode: g.maybe(() => g.anyCase(g.pick(ISO_CODES))),
      address: g.maybe(() => g.text(500)),
      timezone: g.maybe(() => g.pick(TIME_ZONES)),
    });
    if (created) venueIds.push(created.venue.id);
  }
  const seriesIds: string[] = [];
  for (let i = 0; i < 2; i++) {
    const created = await send<{ series: { id: string } }>(CREATE.series, {
      slug: `series-${g.seed}-${i}`,
      name: g.text(300),
      shortName: g.maybe(() => g.text(60)),
      description: g.maybe(() => g.text(5000)),
      regionId: g.maybe(() => g.pick(regionIds)),
    });
    if (created) seriesIds.push(created.series.id);
  }
  const onlineLink = () => ({ url: g.pick(URLS), platform: g.maybe(() => g.text(100)) });
  const meetings: string[] = [];
  for (let i = 0; i < 6; i++) {
    const theme = g.maybe(() => g.pick(themes));
    const dates = g.dateRange();
    const timezone = g.maybe(() => g.pick(TIME_ZONES));
    // Local times where a date and a zone allow them, the end after the start (so none is refused for it).
    const [early, late] = [g.time(), g.time()].sort();
    const meeting = await send<{ meeting: { id: string; slug: string } }>(CREATE.meeting, {
      slug: `meeting-${g.seed}-${i}`,
      title: g.text(300),
      kind: g.pick(Object.values(MeetingKind)),
      summary: g.maybe(() => g.text(5000)),
      ...dates,
      startTime: dates.startDate && timezone ? g.maybe(() => early) : null,
      endTime: dates.endDate && timezone && early !== late ? g.maybe(() => late) : null,
      timezone,
      format: g.pick(Object.values(MeetingFormat)),
      status: g.pick(Object.values(MeetingStatus)),
      regionId: g.maybe(() => g.pick(regionIds)),
      hostId: members.length ? g.maybe(() => g.pick(members).id) : null,
      convenerId: personIds.length ? g.maybe(() => g.pick(personIds)) : null,
      themeId: theme?.id ?? null,
      sourceIds: g.sample(sourceIds, g.int(0, 2)),
      // The first meeting always has a venue and a link, so that every seed's file holds both.
      venueId: venueIds.length ? (i === 0 ? g.pick(venueIds) : g.maybe(() => g.pick(venueIds))) : null,
      onlineLink: i === 0 ? onlineLink() : g.maybe(onlineLink),
      // The first four meetings join a series, every other one with a session number (unique: its index).
      seriesId: i < 4 ? (seriesIds[i % 2] ?? null) : null,
      sessionNumber: i < 4 && seriesIds[i % 2] && i % 2 === 0 ? i + 1 : null,
    });
    if (!meeting) continue;
    meetings.push(meeting.meeting.slug);
    const participants: string[] = [];
    for (const personId of g.sample(personIds, g.int(0, 3))) {
      for (const role of g.sample(Object.values(ParticipationRole), g.int(1, 2))) {
        const created = await send(CREATE.participation, { meetingId: meeting.meeting.id, personId, role });
        if (created && !participants.includes(personId)) participants.push(personId);
      }
    }
    for (let j = 0; j < g.int(0, 3); j++) {
      await send(CREATE.agendaItem, {
        meetingId: meeting.meeting.id,
        title: g.text(300),
        kind: g.pick(Object.values(AgendaItemKind)),
        summary: g.maybe(() => g.text(5000)),
        pillarId: theme?.pillarIds.length ? g.maybe(() => g.pick(theme.pillarIds)) : null,
        speakerIds: g.sample(participants, g.int(0, participants.length)),
        topics: Array.from({ length: g.int(0, 3) }, () => g.text(120)),
      });
    }
  }
  return { outcome, members, meetings };
}

async function cli(
  script: string,
  args: string[],
  database: TestDatabase,
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [`dist/src/app/cli/${script}.js`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url },
  });
}

const SEEDS = process.env.ROUND_TRIP_SEED ? [Number(process.env.ROUND_TRIP_SEED)] : [1, 2, 3];

describe("what the API accepts round-trips through export and import", () => {
  it.each(SEEDS)(
    "seed %i: generated inputs are accepted or refused with BAD_USER_INPUT, found again, and export → import → export gives the same bytes",
    async (seed) => {
      const g = new InputGenerator(seed);
      const t = await startTestGateway();
      const fresh = await createTestDatabase();
      try {
        const admin = { authorization: `Bearer ${await t.createToken("admin")}` };
        const { outcome, members, meetings } = await createGenerated(t, admin, g);
        // The generator mostly makes valid inputs: most must be accepted, or this test proves nothing.
        expect(outcome.accepted).toBeGreaterThan(outcome.refused * 2);
        expect(members.length).toBeGreaterThan(4);

        // Findable however the code was written: each Member by the ISO code as sent.
        for (const { id, sentIsoCode } of members) {
          const found = dataOf(
            await t.query<{ member: { id: string; isoCode: string } | null }>(
              `query($code: CountryCode!) { member(isoCode: $code) { id isoCode } }`,
              { code: sentIsoCode },
            ),
          );
          expect({ seed, sentIsoCode, found: found.member }).toEqual({
            seed,
            sentIsoCode,
            found: { id, isoCode: sentIsoCode.toUpperCase() },
          });
        }
        for (const slug of meetings) {
          const found = dataOf(
            await t.query<{ meeting: { slug: string } | null }>(
              `query($slug: String!) { meeting(slug: $slug) { slug } }`,
              {
                slug,
              },
            ),
          );
          expect(found.meeting).toEqual({ slug });
        }

        const first = path.join(fresh.dir, "first.json");
        const second = path.join(fresh.dir, "second.json");
        await cli("export", [first], t.database);
        // The fixture exercises venues and online links: some are in the file.
        const exported = JSON.parse(fs.readFileSync(first, "utf8")) as {
          venues: unknown[];
          meetings: { venue: string | null; onlineLink: unknown }[];
        };
        expect(exported.venues.length).toBeGreaterThan(0);
        expect(exported.meetings.some((m) => m.venue !== null)).toBe(true);
        expect(exported.meetings.some((m) => m.onlineLink !== null)).toBe(true);
        // And series with numbered sessions.
        const { series } = exported as unknown as { series: unknown[] };
        const sessions = exported.meetings as unknown as { series: string | null; sessionNumber: number | null }[];
        expect(series.length).toBeGreaterThan(0);
        expect(sessions.some((m) => m.series !== null && m.sessionNumber !== null)).toBe(true);
        const imported = await cli("import", [first], fresh);
        expect(imported.stdout).toMatch(/change\(s\) changed/);
        await cli("export", [second], fresh);
        expect({ seed, bytes: fs.readFileSync(second, "utf8") }).toEqual({
          seed,
          bytes: fs.readFileSync(first, "utf8"),
        });
        // And importing the export again finds nothing to change.
        const again = await cli("import", [first, "--dry-run"], fresh);
        expect(again.stdout).toMatch(/^0 change\(s\) would change/m);
      } finally {
        await Promise.all([t.stop(), fresh.drop()]);
      }
    },
    180_000,
  );
});

describe("values are stored in the one form every path finds and writes", () => {
  let t: TestGateway;
  let admin: Record<string, string>;
  let americasId: string;
  beforeAll(async () => {
    t = await startTestGateway();
    admin = { authorization: `Bearer ${await t.createToken("admin")}` };
    americasId = dataOf(await t.query<{ region: { id: string } }>(`{ region(code: "AMERICAS_CARIBBEAN") { id } }`))
      .region.id;
  });
  afterAll(() => t.stop());

  it("refuses `gt` beside the seeded GT, finds that one Member as gt, and stores a new `hn` as HN", async () => {
    const member = (code: string) =>
      t.query<{ member: { id: string; isoCode: string } | null }>(
        `query($c: CountryCode!) { member(isoCode: $c) { id isoCode } }`,
        { c: code },
      );
    const guatemala = dataOf(await member("GT")).member!;
    for (const isoCode of ["gt", "Gt", "GT"]) {
      const error = errorOf(
        await t.query(
          CREATE.member,
          { input: { isoCode, name: "Guatemala again", countryName: "Guatemala", regionId: americasId } },
          admin,
        ),
      );
      expect(error.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        problems: [{ path: "input.isoCode", message: expect.stringContaining("GT is already the ISO code") }],
      });
    }
    for (const code of ["gt", "Gt", "GT"]) expect(dataOf(await member(code)).member).toEqual(guatemala);

    const honduras = dataOf(
      await t.query<{ createMember: { member: { id: string; isoCode: string } } }>(
        CREATE.member,
        { input: { isoCode: "hn", name: "Honduras Customs", countryName: "Honduras", regionId: americasId } },
        admin,
      ),
    ).createMember.member;
    expect(honduras.isoCode).toBe("HN");
    for (const code of ["hn", "HN"]) expect(dataOf(await member(code)).member).toEqual(honduras);
    const renamed = errorOf(
      await t.query(
        `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { isoCode } } }`,
        { input: { id: honduras.id, isoCode: "gt" } },
        admin,
      ),
    );
    expect(renamed.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "input.isoCode" }] });
    const { members } = dataOf(
      await t.query<{ members: { nodes: { isoCode: string }[] } }>(`{ members(first: 100) { nodes { isoCode } } }`),
    );
    expect(members.nodes.map((m) => m.isoCode).sort()).toEqual(["GT", "HN", "PE"]);
  });

  it("trims and NFC-normalises texts, lower-cases URL schemes, spells time zones as IANA does, and refuses what cannot be stored", async () => {
    const source = dataOf(
      await t.query<{ createSource: { source: { title: string; url: string } } }>(
        `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { title url } } }`,
        {
          input: {
            title: "\u3000 Entrevista a Rami\u0301rez \n",
            publisher: "WCO",
            publishedOn: "2021-04-23",
            language: "es",
            url: "HTTPS://www.wcoomd.org/es",
          },
        },
        admin,
      ),
    ).createSource.source;
    expect(source).toEqual({ title: "Entrevista a Ramírez", url: "https://www.wcoomd.org/es" });

    const meeting = (title: string, extra: Record<string, unknown> = {}) =>
      t.query<{ createMeeting: { meeting: { title: string; timezone: string | null } } }>(
        `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { title timezone } } }`,
        { input: { slug: `normalised-${Math.random().toString(36).slice(2, 10)}`, title, kind: "WEBINAR", ...extra } },
        admin,
      );
    // 300 code points (the title's limit), counted as PostgreSQL counts them: each ❤️ is two.
    const longest = "❤️".repeat(150);
    expect(dataOf(await meeting(longest, { timezone: "america/lima" })).createMeeting.meeting).toEqual({
      title: longest,
      timezone: "America/Lima",
    });
    const tooLong = errorOf(await meeting(`${longest}❤️`));
    expect(tooLong.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "input.title" }] });
    const blank = errorOf(await meeting("\u3000\t\n"));
    expect(blank.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: "input.title" }] });
    const yearZero = errorOf(await meeting("Year zero", { startDate: "0000-01-01" }));
    expect(yearZero.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(JSON.stringify(yearZero.extensions)).toContain("startDate");
  });
});
