import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";

/*
 * People and their offices over time, over HTTP: `Person.participations` (newest meeting first, undated last,
 * paged by cursor) and `Person.meetings` (each meeting once), appointments' dates through the mutations and the
 * directory file, and the office held on a date by one rule (`heldOn`, src/modules/person/person.rules.ts) in
 * `Person.officesOn`, `Participation.officesOnMeetingDate` and `Member.officeHolders`: recorded dates that contain
 * the date, a null bound beside a known one open, an undated appointment only as its holder's only one of its kind.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const IMPORT = `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`;

/** A person with a dated career at Chile's customs, an undated side office, and meetings around it. */
const DIRECTORY = {
  members: [{ isoCode: "CL", name: "Chile Customs", countryName: "Chile", region: "AMERICAS_CARIBBEAN" }],
  people: [
    {
      slug: "ana-example",
      name: "Ana Example",
      appointments: [
        { title: "Deputy Director", kind: "OTHER", member: "CL" },
        {
          title: "Director General of Customs",
          kind: "DIRECTOR_GENERAL_OF_CUSTOMS",
          member: "CL",
          startDate: "2015-01-01",
          endDate: "2019-12-31",
        },
        {
          title: "Director General of Customs",
          kind: "DIRECTOR_GENERAL_OF_CUSTOMS",
          member: "CL",
          startDate: "2020-01-01",
        },
        // Undated, beside dated appointments of its kind: the data cannot place it, so it never answers.
        { title: "Director General of Customs", kind: "DIRECTOR_GENERAL_OF_CUSTOMS", member: "PE" },
      ],
    },
    {
      slug: "bruno-example",
      name: "Bruno Example",
      appointments: [
        {
          title: "Director General of Customs",
          kind: "DIRECTOR_GENERAL_OF_CUSTOMS",
          member: "CL",
          endDate: "2014-12-31",
        },
      ],
    },
  ],
  meetings: [
    { slug: "m-2014", title: "2014", kind: "OTHER", startDate: "2014-06-01", participants: [] },
    { slug: "m-2016", title: "2016", kind: "OTHER", startDate: "2016-05-01", endDate: "2016-05-02" },
    { slug: "m-2020", title: "2020", kind: "OTHER", startDate: "2020-06-01" },
    { slug: "m-undated", title: "Undated", kind: "OTHER" },
  ].map((meeting) => ({
    ...meeting,
    participants: [
      { person: "ana-example", role: "SPEAKER" },
      ...(meeting.slug === "m-2020" ? [{ person: "ana-example", role: "PARTICIPANT" }] : []),
      ...(meeting.slug === "m-2014" ? [{ person: "bruno-example", role: "HOST" }] : []),
    ],
  })),
};

const PARTICIPATIONS = `query($slug: String!, $first: Int, $after: String) {
  person(slug: $slug) {
    participations(first: $first, after: $after) {
      totalCount
      edges { cursor node { role meeting { slug } officesOnMeetingDate { title startDate endDate institution { ... on Member { isoCode } } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Office {
  title: string;
  startDate: string | null;
  endDate: string | null;
  institution: { isoCode?: string } | null;
}
interface ParticipationEdge {
  cursor: string;
  node: { role: string; meeting: { slug: string }; officesOnMeetingDate: Office[] };
}
interface Participations {
  totalCount: number;
  edges: ParticipationEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface ParticipationPage {
  person: { participations: Participations } | null;
}

const office = (title: string, isoCode: string, startDate: string | null = null, endDate: string | null = null) => ({
  title,
  startDate,
  endDate,
  institution: { isoCode },
});
const DG = "Director General of Customs";

describe("people and their offices over time", () => {
  let t: TestGateway;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await startTestGateway();
    admin = { authorization: `Bearer ${await t.createToken("admin", "Offices admin")}` };
    dataOf(await t.query(IMPORT, { input: { directory: DIRECTORY } }, admin));
  });
  afterAll(() => t.stop());

  it("answers who was Director General of Peru Customs on 2021-04-22 from the seed, whose appointments are undated", async () => {
    const { member } = dataOf(
      await t.query<{ member: { officeHolders: unknown[]; all: unknown[] } }>(
        `{ member(isoCode: "PE") {
          officeHolders(kind: DIRECTOR_GENERAL_OF_CUSTOMS, on: "2021-04-22") { title startDate endDate person { name } }
          all: officeHolders(on: "2021-04-22") { person { name } }
        } }`,
      ),
    );
    // Marilu Llerena's appointment is undated (the article gives no dates) and her only one of its kind; Ana
    // Example's undated Peruvian appointment sits beside her dated Chilean ones, so the data cannot place it.
    expect(member.officeHolders).toEqual([
      { title: DG, startDate: null, endDate: null, person: { name: "Marilu Llerena" } },
    ]);
    expect(member.all).toEqual([{ person: { name: "Marilu Llerena" } }]);
  });

  it("gives each speaker of the seeded meeting the offices the article names", async () => {
    const { meeting } = dataOf(
      await t.query<{
        meeting: {
          participants: { role: string; person: { slug: string }; officesOnMeetingDate: { title: string }[] }[];
        };
      }>(
        `query($slug: String!) { meeting(slug: $slug) {
          participants { role person { slug } officesOnMeetingDate { title } }
        } }`,
        { slug: SEEDED },
      ),
    );
    const offices = Object.fromEntries(
      meeting.participants
        .filter((p) => p.role === "SPEAKER")
        .map((p) => [p.person.slug, p.officesOnMeetingDate.map((o) => o.title)]),
    );
    expect(offices).toEqual({
      "werner-ovalle-ramirez": [DG, "WCO Vice-Chair"],
      "kunio-mikuriya": ["Secretary General"],
      "waldo-mendoza": ["Minister of Economy and Finance"],
      "ricardo-trevino-chapa": ["Deputy Secretary General"],
      "marilu-llerena": [DG],
    });
  });

  it("lists a person's participations newest first, undated last, page by page, with the office on each date", async () => {
    const seen: ParticipationEdge[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 5; pages++) {
      const page: Participations = dataOf(
        await t.query<ParticipationPage>(PARTICIPATIONS, { slug: "ana-example", first: 2, after }),
      ).person!.participations;
      seen.push(...page.edges);
      total = page.totalCount;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(5);
    expect(seen.map((edge) => [edge.node.meeting.slug, edge.node.role])).toEqual([
      ["m-2020", "PARTICIPANT"],
      ["m-2020", "SPEAKER"],
      ["m-2016", "SPEAKER"],
      ["m-2014", "SPEAKER"],
      ["m-undated", "SPEAKER"],
    ]);
    const officesAt = Object.fromEntries(seen.map((edge) => [edge.node.meeting.slug, edge.node.officesOnMeetingDate]));
    expect(officesAt).toEqual({
      "m-2020": [office("Deputy Director", "CL"), office(DG, "CL", "2020-01-01")],
      "m-2016": [office("Deputy Director", "CL"), office(DG, "CL", "2015-01-01", "2019-12-31")],
      "m-2014": [office("Deputy Director", "CL")],
      "m-undated": [],
    });
  });

  it("lists the meetings a person attended once each, with the filters of every meeting list", async () => {
    const { person } = dataOf(
      await t.query<{
        person: { meetings: { totalCount: number; nodes: { slug: string }[] }; dated: { nodes: { slug: string }[] } };
      }>(
        `{ person(slug: "ana-example") {
          meetings(first: 10) { totalCount nodes { slug } }
          dated: meetings(filter: { startDateFrom: "2015-01-01" }, orderBy: { field: START_DATE, direction: ASC }) { nodes { slug } }
        } }`,
      ),
    );
    expect(person.meetings).toEqual({
      totalCount: 4,
      nodes: [{ slug: "m-2020" }, { slug: "m-2016" }, { slug: "m-2014" }, { slug: "m-undated" }],
    });
    expect(person.dated.nodes).toEqual([{ slug: "m-2016" }, { slug: "m-2020" }]);
  });

  it("answers who held an office at a Member on a date by its recorded dates, open bounds included", async () => {
    const holders = async (on: string) =>
      dataOf(
        await t.query<{ member: { officeHolders: { person: { slug: string }; startDate: string | null }[] } }>(
          `query($on: Date!) { member(isoCode: "CL") { officeHolders(kind: DIRECTOR_GENERAL_OF_CUSTOMS, on: $on) { person { slug } startDate } } }`,
          { on },
        ),
      ).member.officeHolders.map((a) => `${a.person.slug}@${a.startDate ?? "?"}`);
    expect(await holders("2010-03-01")).toEqual(["bruno-example@?"]); // a null start: since an unknown date
    expect(await holders("2014-12-31")).toEqual(["bruno-example@?"]);
    expect(await holders("2015-01-01")).toEqual(["ana-example@2015-01-01"]);
    expect(await holders("2019-12-31")).toEqual(["ana-example@2015-01-01"]);
    expect(await holders("2030-01-01")).toEqual(["ana-example@2020-01-01"]); // a null end: still in office
    const { person } = dataOf(
      await t.query<{ person: { officesOn: { title: string }[] } }>(
        `{ person(slug: "bruno-example") { officesOn(date: "2015-01-01") { title } } }`,
      ),
    );
    expect(person.officesOn).toEqual([]);
  });

  it("sets and clears an appointment's dates through the mutations, refusing an end before the start", async () => {
    const { person } = dataOf(
      await t.query<{ person: { appointments: { id: string; title: string; startDate: string | null }[] } }>(
        `{ person(slug: "marilu-llerena") { appointments { id title startDate } } }`,
      ),
    );
    const id = person.appointments[0]!.id;
    const UPDATE = `mutation($input: UpdateAppointmentInput!) { updateAppointment(input: $input) { appointment { startDate endDate } } }`;
    const refused = errorOf(
      await t.query(UPDATE, { input: { id, startDate: "2021-01-01", endDate: "2020-01-01" } }, admin),
    );
    expect(refused.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const dated = dataOf(
      await t.query<{ updateAppointment: { appointment: unknown } }>(
        UPDATE,
        { input: { id, startDate: "2022-01-01" } },
        admin,
      ),
    );
    expect(dated.updateAppointment.appointment).toEqual({ startDate: "2022-01-01", endDate: null });
    // Dated now, and after the seeded meeting: she no longer answers for 2021-04-22.
    const { member } = dataOf(
      await t.query<{ member: { officeHolders: unknown[] } }>(
        `{ member(isoCode: "PE") { officeHolders(kind: DIRECTOR_GENERAL_OF_CUSTOMS, on: "2021-04-22") { title } } }`,
      ),
    );
    expect(member.officeHolders).toEqual([]);
    dataOf(await t.query(UPDATE, { input: { id, startDate: null } }, admin));
    const exported = dataOf(
      await t.query<{ exportDirectory: { people: { slug: string; appointments: { startDate?: string | null }[] }[] } }>(
        `{ exportDirectory }`,
        {},
        admin,
      ),
    ).exportDirectory.people.find((p) => p.slug === "ana-example");
    expect(exported?.appointments.map((a) => a.startDate ?? null)).toEqual([null, "2015-01-01", "2020-01-01", null]);
  });

  it("refuses a bad date argument with BAD_USER_INPUT", async () => {
    const error = errorOf(
      await t.query(
        `{ member(isoCode: "PE") { officeHolders(kind: DIRECTOR_GENERAL_OF_CUSTOMS, on: "2021-02-30") { title } } }`,
      ),
    );
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
