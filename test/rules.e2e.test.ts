import type { GraphQLResponse, TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/*
 * One home per rule: each rule of the directory (src/modules/<feature>/<feature>.rules.ts and
 * src/common/input-rules.ts) is applied by the mutation that creates a record and by `importDirectory` for the
 * same record in a file, and both refuse the record alike. For every rule, the same invalid record goes through
 * its mutation over HTTP and through `importDirectory` (a dry run), and both answers must carry the same code
 * and the same message. Paths differ by nature (`input.title` against `meetings[0].title`; `input.speakerIds[0]`
 * against `…speakers[0]`), but they must end at the same field.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const SEEDED_SOURCE = {
  title: "Americas and Caribbean Regional Meeting discusses priorities and shares best practices",
  publishedOn: "2021-04-29",
};
/** A person who takes part in no meeting, created by the test. */
const OUTSIDER = "rules-outsider";

const IMPORT = `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`;

/** The create mutation of a GraphQL field, its input given as `$input`: only the error matters. */
const create = (field: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${field}(input: $input) { __typename } }`;

interface Ids {
  region: string;
  peru: string;
  secretariat: string;
  mikuriya: string;
  outsider: string;
  meeting: string;
  theme2021: string;
  /** A pillar of another theme than the seeded meeting's. */
  otherPillar: string;
}

interface RuleCase {
  rule: string;
  /** The mutation and its input, given the ids of the seeded and created records. */
  mutation: (ids: Ids) => { document: string; input: Record<string, unknown> };
  /** A directory file holding the same invalid record. */
  file: Record<string, unknown>;
}

const meeting = (fields: Record<string, unknown>) => ({
  slug: "rules-meeting",
  title: "A meeting",
  kind: "OTHER",
  ...fields,
});
const agendaItem = (fields: Record<string, unknown>) => ({
  title: "An item",
  kind: "OTHER",
  speakers: [],
  topics: [],
  ...fields,
});

const CASES: RuleCase[] = [
  {
    rule: "a title longer than the limit",
    mutation: () => ({
      document: create("createMeeting", "CreateMeetingInput"),
      input: { slug: "rules-meeting", title: "T".repeat(301), kind: "OTHER" },
    }),
    file: { meetings: [meeting({ title: "T".repeat(301) })] },
  },
  {
    rule: "a list item longer than the limit (a topic)",
    mutation: (ids) => ({
      document: create("createAgendaItem", "CreateAgendaItemInput"),
      input: { meetingId: ids.meeting, title: "An item", kind: "OTHER", topics: ["t".repeat(121)] },
    }),
    file: { meetings: [meeting({ participants: [], agenda: [agendaItem({ topics: ["t".repeat(121)] })] })] },
  },
  {
    rule: "a text that is blank once trimmed",
    mutation: () => ({ document: create("createRegion", "CreateRegionInput"), input: { code: "RULES", name: " \t " } }),
    file: { regions: [{ code: "RULES", name: " \t " }] },
  },
  {
    rule: "a topic that is blank once trimmed",
    mutation: (ids) => ({
      document: create("createAgendaItem", "CreateAgendaItemInput"),
      input: { meetingId: ids.meeting, title: "An item", kind: "OTHER", topics: ["Trade", "\u3000"] },
    }),
    file: { meetings: [meeting({ participants: [], agenda: [agendaItem({ topics: ["Trade", "\u3000"] })] })] },
  },
  {
    rule: "a meeting that ends before it starts",
    mutation: () => ({
      document: create("createMeeting", "CreateMeetingInput"),
      input: {
        slug: "rules-meeting",
        title: "A meeting",
        kind: "OTHER",
        startDate: "2021-05-02",
        endDate: "2021-05-01",
      },
    }),
    file: { meetings: [meeting({ startDate: "2021-05-02", endDate: "2021-05-01" })] },
  },
  {
    rule: "an appointment that ends before it starts",
    mutation: (ids) => ({
      document: create("createAppointment", "CreateAppointmentInput"),
      input: {
        personId: ids.outsider,
        title: "Director",
        kind: "OTHER",
        startDate: "2020-01-02",
        endDate: "2020-01-01",
      },
    }),
    file: {
      people: [
        {
          slug: OUTSIDER,
          name: "Rules Outsider",
          appointments: [{ title: "Director", kind: "OTHER", startDate: "2020-01-02", endDate: "2020-01-01" }],
        },
      ],
    },
  },
  {
    rule: "a date that does not exist",
    mutation: () => ({
      document: create("createMeeting", "CreateMeetingInput"),
      input: { slug: "rules-meeting", title: "A meeting", kind: "OTHER", startDate: "2021-02-30" },
    }),
    file: { meetings: [meeting({ startDate: "2021-02-30" })] },
  },
  {
    rule: "a speaker who is not a participant",
    mutation: (ids) => ({
      document: create("createAgendaItem", "CreateAgendaItemInput"),
      input: { meetingId: ids.meeting, title: "An item", kind: "OTHER", speakerIds: [ids.outsider] },
    }),
    file: { meetings: [meeting({ participants: [], agenda: [agendaItem({ speakers: [OUTSIDER] })] })] },
  },
  {
    rule: "a speaker listed twice",
    mutation: (ids) => ({
      document: create("createAgendaItem", "CreateAgendaItemInput"),
      input: { meetingId: ids.meeting, title: "An item", kind: "OTHER", speakerIds: [ids.mikuriya, ids.mikuriya] },
    }),
    file: {
      meetings: [
        meeting({
          participants: [{ person: "kunio-mikuriya", role: "SPEAKER" }],
          agenda: [agendaItem({ speakers: ["kunio-mikuriya", "kunio-mikuriya"] })],
        }),
      ],
    },
  },
  {
    rule: "a topic listed twice (the same once trimmed)",
    mutation: (ids) => ({
      document: create("createAgendaItem", "CreateAgendaItemInput"),
      input: { meetingId: ids.meeting, title: "An item", kind: "OTHER", topics: ["Trade", " Trade"] },
    }),
    file: { meetings: [meeting({ participants: [], agenda: [agendaItem({ topics: ["Trade", " Trade"] })] })] },
  },
  {
    rule: "an office held at a Member and at an organisation",
    mutation: (ids) => ({
      document: create("createAppointment", "CreateAppointmentInput"),
      input: {
        personId: ids.outsider,
        title: "Director",
        kind: "OTHER",
        memberId: ids.peru,
        organisationId: ids.secretariat,
      },
    }),
    file: {
      people: [
        {
          slug: OUTSIDER,
          name: "Rules Outsider",
          appointments: [{ title: "Director", kind: "OTHER", member: "PE", organisation: "wco-secretariat" }],
        },
      ],
    },
  },
  {
    rule: "an agenda item serving a pillar of another theme",
    mutation: (ids) => ({
      document: create("createAgendaItem", "CreateAgendaItemInput"),
      input: { meetingId: ids.meeting, title: "An item", kind: "OTHER", pillarId: ids.otherPillar },
    }),
    file: { meetings: [meeting({ theme: 2021, participants: [], agenda: [agendaItem({ pillar: "Elsewhere" })] })] },
  },
  {
    rule: "a region code taken",
    mutation: () => ({
      document: create("createRegion", "CreateRegionInput"),
      input: { code: "AMERICAS_CARIBBEAN", name: "Again" },
    }),
    file: {
      regions: [
        { code: "AMERICAS_CARIBBEAN", name: "Americas and Caribbean" },
        { code: "AMERICAS_CARIBBEAN", name: "Again" },
      ],
    },
  },
  {
    rule: "a malformed region code",
    mutation: () => ({
      document: create("createRegion", "CreateRegionInput"),
      input: { code: "lower case", name: "x" },
    }),
    file: { regions: [{ code: "lower case", name: "x" }] },
  },
  {
    rule: "an ISO code taken",
    mutation: (ids) => ({
      document: create("createMember", "CreateMemberInput"),
      input: { name: "Again", countryName: "Peru", isoCode: "PE", regionId: ids.region },
    }),
    file: {
      members: [
        { isoCode: "PE", name: "Peru Customs", countryName: "Peru", region: "AMERICAS_CARIBBEAN" },
        { isoCode: "PE", name: "Again", countryName: "Peru", region: "AMERICAS_CARIBBEAN" },
      ],
    },
  },
  {
    rule: "an ISO code that is on no list",
    mutation: (ids) => ({
      document: create("createMember", "CreateMemberInput"),
      input: { name: "Nowhere", countryName: "Nowhere", isoCode: "XX", regionId: ids.region },
    }),
    file: { members: [{ isoCode: "XX", name: "Nowhere", countryName: "Nowhere", region: "AMERICAS_CARIBBEAN" }] },
  },
  {
    rule: "an organisation slug taken",
    mutation: () => ({
      document: create("createOrganisation", "CreateOrganisationInput"),
      input: { slug: "wco-secretariat", name: "Again", kind: "OTHER" },
    }),
    file: {
      organisations: [
        { slug: "wco-secretariat", name: "WCO Secretariat", kind: "WCO_SECRETARIAT" },
        { slug: "wco-secretariat", name: "Again", kind: "OTHER" },
      ],
    },
  },
  {
    rule: "a person slug taken",
    mutation: () => ({
      document: create("createPerson", "CreatePersonInput"),
      input: { slug: "kunio-mikuriya", name: "Again" },
    }),
    file: {
      people: [
        { slug: "kunio-mikuriya", name: "Kunio Mikuriya" },
        { slug: "kunio-mikuriya", name: "Again" },
      ],
    },
  },
  {
    rule: "a malformed slug",
    mutation: () => ({
      document: create("createPerson", "CreatePersonInput"),
      input: { slug: "Not A Slug", name: "x" },
    }),
    file: { people: [{ slug: "Not A Slug", name: "x" }] },
  },
  {
    rule: "a meeting slug taken",
    mutation: () => ({
      document: create("createMeeting", "CreateMeetingInput"),
      input: { slug: SEEDED, title: "Again", kind: "OTHER" },
    }),
    file: { meetings: [meeting({ slug: SEEDED }), meeting({ slug: SEEDED, title: "Again" })] },
  },
  {
    rule: "a time zone that does not exist",
    mutation: () => ({
      document: create("createMeeting", "CreateMeetingInput"),
      input: { slug: "rules-meeting", title: "A meeting", kind: "OTHER", timezone: "Mars/Olympus_Mons" },
    }),
    file: { meetings: [meeting({ timezone: "Mars/Olympus_Mons" })] },
  },
  {
    rule: "a participant's role given twice",
    mutation: (ids) => ({
      document: create("createParticipation", "CreateParticipationInput"),
      input: { meetingId: ids.meeting, personId: ids.mikuriya, role: "SPEAKER" },
    }),
    file: {
      meetings: [
        meeting({
          participants: [
            { person: "kunio-mikuriya", role: "SPEAKER" },
            { person: "kunio-mikuriya", role: "SPEAKER" },
          ],
        }),
      ],
    },
  },
  {
    rule: "a source taken (title and date)",
    mutation: () => ({
      document: create("createSource", "CreateSourceInput"),
      input: { ...SEEDED_SOURCE, publisher: "Again", language: "en" },
    }),
    file: {
      sources: [
        { ...SEEDED_SOURCE, publisher: "World Customs Organization", language: "en" },
        { ...SEEDED_SOURCE, publisher: "Again", language: "en" },
      ],
    },
  },
  {
    rule: "a source URL that is not http or https",
    mutation: () => ({
      document: create("createSource", "CreateSourceInput"),
      input: {
        title: "A source",
        publisher: "x",
        publishedOn: "2021-01-01",
        language: "en",
        url: "ftp://example.org/a",
      },
    }),
    file: {
      sources: [
        { title: "A source", publisher: "x", publishedOn: "2021-01-01", language: "en", url: "ftp://example.org/a" },
      ],
    },
  },
  {
    rule: "a language that is no BCP 47 tag",
    mutation: () => ({
      document: create("createSource", "CreateSourceInput"),
      input: { title: "A source", publisher: "x", publishedOn: "2021-01-01", language: "english!" },
    }),
    file: { sources: [{ title: "A source", publisher: "x", publishedOn: "2021-01-01", language: "english!" }] },
  },
  {
    rule: "a theme year taken",
    mutation: () => ({ document: create("createTheme", "CreateThemeInput"), input: { year: 2021, title: "Again" } }),
    file: {
      themes: [
        { year: 2021, title: "Recovery, Renewal and Resilience for a Sustainable Supply Chain" },
        { year: 2021, title: "Again" },
      ],
    },
  },
  {
    rule: "a theme year before the WCO's first",
    mutation: () => ({ document: create("createTheme", "CreateThemeInput"), input: { year: 1900, title: "Early" } }),
    file: { themes: [{ year: 1900, title: "Early" }] },
  },
  {
    rule: "a pillar name taken within its theme",
    mutation: (ids) => ({
      document: create("createThemePillar", "CreateThemePillarInput"),
      input: { themeId: ids.theme2021, name: "Recovery" },
    }),
    file: {
      themes: [
        {
          year: 2021,
          title: "Recovery, Renewal and Resilience for a Sustainable Supply Chain",
          pillars: [
            { name: "Recovery", focusAreas: [] },
            { name: "Recovery", focusAreas: [] },
          ],
        },
      ],
    },
  },
];

interface Refusal {
  code: unknown;
  path: string;
  message: string;
}

/** The one error of a refused operation, with its one problem. */
function refusalOf(response: GraphQLResponse<unknown>): Refusal {
  expect(response.errors).toHaveLength(1);
  const error = response.errors![0]!;
  const problems = error.extensions?.problems as { path: string; message: string }[] | undefined;
  expect(problems).toHaveLength(1);
  return { code: error.extensions?.code, ...problems![0]! };
}

/**
 * The field a path ends at, as both sides name it: without a list index, and without the `Id`/`Ids` of a
 * mutation's reference (`input.speakerIds[0]` and `meetings[0].agenda[0].speakers[0]` both end at `speaker`).
 */
function fieldOf(path: string): string {
  const last = path
    .replace(/\[\d+\]$/, "")
    .split(/[.\]]/)
    .pop()!;
  return last.replace(/(Ids|Id|s)$/, "");
}

describe("every rule answers the same through a mutation and through importDirectory", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let ids: Ids;

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin")}` };
    const seeded = dataOf(
      await t.query<{
        region: { id: string };
        member: { id: string };
        organisation: { id: string };
        person: { id: string };
        meeting: { id: string };
        theme: { id: string };
      }>(
        `{
          region(code: "AMERICAS_CARIBBEAN") { id }
          member(isoCode: "PE") { id }
          organisation(slug: "wco-secretariat") { id }
          person(slug: "kunio-mikuriya") { id }
          meeting(slug: "${SEEDED}") { id }
          theme(year: 2021) { id }
        }`,
      ),
    );
    const created = dataOf(
      await t.query<{
        createPerson: { person: { id: string } };
        createTheme: { theme: { pillars: { id: string }[] } };
      }>(
        `mutation {
          createPerson(input: { slug: "${OUTSIDER}", name: "Rules Outsider" }) { person { id } }
          createTheme(input: { year: 2030, title: "Elsewhere", pillars: [{ name: "Elsewhere", focusAreas: [] }] }) {
            theme { pillars { id } }
          }
        }`,
        undefined,
        editor,
      ),
    );
    ids = {
      region: seeded.region.id,
      peru: seeded.member.id,
      secretariat: seeded.organisation.id,
      mikuriya: seeded.person.id,
      outsider: created.createPerson.person.id,
      meeting: seeded.meeting.id,
      theme2021: seeded.theme.id,
      otherPillar: created.createTheme.theme.pillars[0]!.id,
    };
  });
  afterAll(() => t.stop());

  it.each(CASES.map((c) => [c.rule, c] as const))("%s", async (_rule, { mutation, file }) => {
    const { document, input } = mutation(ids);
    const viaMutation = refusalOf(await t.query(document, { input }, editor));
    const viaImport = refusalOf(await t.query(IMPORT, { input: { directory: file, dryRun: true } }, admin));
    expect(viaImport.path.startsWith("input.directory.")).toBe(true);
    expect({ code: viaImport.code, message: viaImport.message, field: fieldOf(viaImport.path) }).toEqual({
      code: viaMutation.code,
      message: viaMutation.message,
      field: fieldOf(viaMutation.path),
    });
    expect(viaMutation.code).toBe("BAD_USER_INPUT");
  });
});
