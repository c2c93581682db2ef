import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";

/**
 * The seeded meeting must say exactly what the article says: the WCO news item "Americas and Caribbean Regional
 * Meeting discusses priorities and shares best practices" of 29 April 2021.
 */
describe("the seeded meeting of 22 April 2021", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  interface MeetingData {
    meeting: {
      title: string;
      kind: string;
      startDate: string;
      endDate: string;
      timezone: string;
      format: string;
      region: { code: string; name: string };
      host: { name: string; shortName: string; isoCode: string; countryName: string };
      convener: { name: string; appointments: { title: string; kind: string; region: { code: string } | null }[] };
      theme: { year: number; title: string; pillars: { position: number; name: string; focusAreas: string[] }[] };
      agenda: {
        position: number;
        kind: string;
        speakers: { name: string }[];
        pillar: { name: string } | null;
        topics: { name: string }[];
      }[];
      participants: { role: string; person: { name: string } }[];
      sources: {
        title: string;
        publisher: string;
        publishedOn: string;
        language: string;
        meetings: { slug: string }[];
      }[];
    };
  }

  let meeting: MeetingData["meeting"];
  beforeAll(async () => {
    meeting = dataOf(
      await t.query<MeetingData>(MEETING, { slug: "2021-04-22-americas-caribbean-heads-of-customs" }),
    ).meeting;
  });

  it("took place on 22 April 2021 in the Americas/Caribbean region, hosted by Peru Customs (SUNAT)", () => {
    expect(meeting).toMatchObject({
      title: "Heads of Customs Meeting of the Americas/Caribbean Region",
      kind: "REGIONAL_HEADS_OF_CUSTOMS_MEETING",
      startDate: "2021-04-22",
      endDate: "2021-04-22",
      timezone: "America/Lima",
      region: { code: "AMERICAS_CARIBBEAN", name: "Americas and Caribbean" },
      host: { name: "Peru Customs", shortName: "SUNAT", isoCode: "PE", countryName: "Peru" },
    });
  });

  it("leaves the format UNKNOWN, because the article does not say it", () => {
    expect(meeting.format).toBe("UNKNOWN");
  });

  it("belongs to the series the article names it by, with no session number, because the article gives none", async () => {
    const { meeting: inSeries } = dataOf(
      await t.query<{
        meeting: {
          sessionNumber: number | null;
          series: { name: string; region: { code: string } | null; meetings: { nodes: { slug: string }[] } };
        };
      }>(
        `query($slug: String!) { meeting(slug: $slug) {
          sessionNumber series { name region { code } meetings { nodes { slug } } }
        } }`,
        { slug: "2021-04-22-americas-caribbean-heads-of-customs" },
      ),
    );
    expect(inSeries).toEqual({
      sessionNumber: null,
      series: {
        name: "Heads of Customs Meeting of the Americas/Caribbean Region",
        region: { code: "AMERICAS_CARIBBEAN" },
        meetings: { nodes: [{ slug: "2021-04-22-americas-caribbean-heads-of-customs" }] },
      },
    });
  });

  it("was convened by Guatemala's Director General in his capacity as WCO Vice-Chair for the region", () => {
    expect(meeting.convener.name).toBe("Werner Ovalle Ramírez");
    expect(meeting.convener.appointments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "DIRECTOR_GENERAL_OF_CUSTOMS", region: null }),
        expect.objectContaining({ kind: "WCO_VICE_CHAIR", region: { code: "AMERICAS_CARIBBEAN" } }),
      ]),
    );
  });

  it("followed the 2021 theme with its three pillars in order and their focus areas", () => {
    expect(meeting.theme).toEqual({
      year: 2021,
      title: "Recovery, Renewal and Resilience for a Sustainable Supply Chain",
      pillars: [
        { position: 1, name: "Recovery", focusAreas: ["Innovative facilitation approach", "E-Commerce"] },
        { position: 2, name: "Renewal", focusAreas: ["Modernization"] },
        {
          position: 3,
          name: "Resilience",
          focusAreas: ["Developing new competences for Customs officers", "Adopting the right perspective on gender"],
        },
      ],
    });
  });

  it("has its agenda in the article's order, with speakers and pillar links", () => {
    expect(
      meeting.agenda.map((item) => [
        item.position,
        item.kind,
        item.speakers.map((s) => s.name),
        item.pillar?.name ?? null,
      ]),
    ).toEqual([
      [1, "OPENING", ["Kunio Mikuriya"], null],
      [2, "ADDRESS", ["Waldo Mendoza"], null],
      [3, "REPORT", ["Werner Ovalle Ramírez"], null],
      [4, "PRESENTATION", ["Ricardo Treviño Chapa"], null],
      [5, "EXPERIENCE_SHARING", [], "Recovery"],
      [6, "EXPERIENCE_SHARING", [], "Renewal"],
      [7, "EXPERIENCE_SHARING", [], "Resilience"],
      [8, "EXPERIENCE_SHARING", ["Marilu Llerena"], null],
    ]);
  });

  it("tags the Deputy Secretary General's presentation with the Strategic Plan and the AEO Programme", () => {
    expect(meeting.agenda[3]!.topics.map((topic) => topic.name)).toEqual(["AEO Programme", "WCO Strategic Plan"]);
    expect(meeting.agenda[4]!.topics.map((topic) => topic.name)).toContain("E-Commerce");
  });

  it("lists the five people who took part, with their roles", () => {
    const roles = meeting.participants.map((p) => `${p.person.name}:${p.role}`).sort();
    expect(roles).toEqual(
      [
        "Kunio Mikuriya:SPEAKER",
        "Marilu Llerena:HOST",
        "Marilu Llerena:SPEAKER",
        "Ricardo Treviño Chapa:SPEAKER",
        "Waldo Mendoza:SPEAKER",
        "Werner Ovalle Ramírez:CONVENER",
        "Werner Ovalle Ramírez:SPEAKER",
      ].sort(),
    );
  });

  it("is documented by the WCO news item published on 29 April 2021", () => {
    expect(meeting.sources).toHaveLength(1);
    expect(meeting.sources[0]).toMatchObject({
      title: "Americas and Caribbean Regional Meeting discusses priorities and shares best practices",
      publisher: "World Customs Organization",
      publishedOn: "2021-04-29",
      language: "en",
    });
  });

  it("records the laboratory inauguration and the chemical-analysis webinar the article mentions, dates unknown", async () => {
    const slugs = meeting.sources[0]!.meetings.map((m) => m.slug).sort();
    expect(slugs).toEqual(
      [
        "2021-04-22-americas-caribbean-heads-of-customs",
        "sunat-chemical-analysis-webinar",
        "sunat-regional-customs-laboratory-inauguration",
      ].sort(),
    );
    const { inauguration, webinar } = dataOf(
      await t.query<Record<"inauguration" | "webinar", { kind: string; startDate: null; host: { isoCode: string } }>>(`{
        inauguration: meeting(slug: "sunat-regional-customs-laboratory-inauguration") { kind startDate endDate host { isoCode } }
        webinar: meeting(slug: "sunat-chemical-analysis-webinar") { kind startDate endDate host { isoCode } }
      }`),
    );
    expect(inauguration).toEqual({ kind: "INAUGURATION", startDate: null, endDate: null, host: { isoCode: "PE" } });
    expect(webinar).toEqual({ kind: "WEBINAR", startDate: null, endDate: null, host: { isoCode: "PE" } });
  });

  it("holds the Secretariat and the Ministry as organisations where offices are held", async () => {
    const data = dataOf(
      await t.query<{
        person: { appointments: { title: string; institution: { __typename: string; name: string } }[] };
      }>(`{
        person(slug: "waldo-mendoza") { appointments { title institution { __typename ... on Organisation { name } ... on Member { name } } } }
      }`),
    );
    expect(data.person.appointments).toEqual([
      {
        title: "Minister of Economy and Finance",
        institution: { __typename: "Organisation", name: "Ministry of Economy and Finance of Peru" },
      },
    ]);
    const sg = dataOf(
      await t.query<{
        person: { honorific: string; appointments: { kind: string; institution: { slug: string } }[] };
      }>(`{
        person(slug: "kunio-mikuriya") { honorific appointments { kind institution { ... on Organisation { slug } } } }
      }`),
    );
    expect(sg.person).toEqual({
      honorific: "Dr.",
      appointments: [{ kind: "SECRETARY_GENERAL", institution: { slug: "wco-secretariat" } }],
    });
  });
});

const MEETING = /* GraphQL */ `
  query Meeting($slug: String!) {
    meeting(slug: $slug) {
      title
      kind
      startDate
      endDate
      timezone
      format
      region {
        code
        name
      }
      host {
        name
        shortName
        isoCode
        countryName
      }
      convener {
        name
        appointments {
          title
          kind
          region {
            code
          }
        }
      }
      theme {
        year
        title
        pillars {
          position
          name
          focusAreas
        }
      }
      agenda {
        position
        kind
        speakers {
          name
        }
        pillar {
          name
        }
        topics {
          name
        }
      }
      participants {
        role
        person {
          name
        }
      }
      sources {
        title
        publisher
        publishedOn
        language
        meetings {
          slug
        }
      }
    }
  }
`;
