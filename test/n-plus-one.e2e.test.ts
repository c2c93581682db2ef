import type { TestGateway } from "./helpers/gateway";
import { dataOf, startTestGateway } from "./helpers/gateway";
import { Meeting } from "../src/modules/meeting/meeting.entity";
import { MeetingSeries } from "../src/modules/series/series.entity";
import { Venue } from "../src/modules/venue/venue.entity";
import { loadSynthetic } from "./helpers/synthetic-directory";

/**
 * Every relation field resolves through per-request DataLoaders, so the number of SQL statements for a
 * page does not depend on how many meetings the page holds.
 */
describe("SQL statements per request", () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
    await loadSynthetic(t.gateway.dataSource, { meetings: 60, agendaItems: 5 });
  });
  afterAll(() => t.stop());

  const PAGE = /* GraphQL */ `
    query Page($first: Int!) {
      meetings(first: $first) {
        totalCount
        edges {
          node {
            slug
            host {
              name
              region {
                code
              }
            }
            region {
              name
            }
            theme {
              year
              pillars {
                name
                focusAreas
              }
            }
            agenda {
              title
              pillar {
                name
              }
              topics {
                name
              }
              speakers {
                name
                appointments {
                  title
                }
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
            }
          }
        }
      }
    }
  `;

  async function statementsFor(first: number) {
    const { result, statements } = await t.countSql(() =>
      t.query<{ meetings: { edges: { node: { agenda: { speakers: unknown[] }[] } }[] } }>(PAGE, { first }),
    );
    const data = dataOf(result);
    return {
      statements,
      meetings: data.meetings.edges.length,
      agendaItems: data.meetings.edges.flatMap((e) => e.node.agenda).length,
    };
  }

  it("is the same for 10 and for 50 meetings, and small", async () => {
    const ten = await statementsFor(10);
    const fifty = await statementsFor(50);
    expect(ten.meetings).toBe(10);
    expect(fifty.meetings).toBe(50);
    expect(fifty.agendaItems).toBeGreaterThanOrEqual(250);
    expect(fifty.statements).toBe(ten.statements);
    // page + count + host + member region + region + theme + pillars + focus areas + agenda + pillar
    // + topics + speakers + appointments + participants + people + sources = 16 at most.
    expect(ten.statements).toBeLessThanOrEqual(16);
    console.log(`SQL statements: meetings(first: 10) → ${ten.statements}, meetings(first: 50) → ${fifty.statements}`);
  });

  it("does not grow when a nested connection is selected on every region", async () => {
    const regions = /* GraphQL */ `
      {
        regions {
          code
          members(first: 5) {
            totalCount
            nodes {
              name
            }
          }
          meetings(first: 5) {
            nodes {
              slug
              host {
                name
              }
            }
          }
        }
      }
    `;
    const { result, statements } = await t.countSql(() => t.query(regions));
    dataOf(result);
    expect(statements).toBeLessThanOrEqual(8);
  });

  it("is the same for 10 and for 50 meetings with their venues, online links and venues' meetings", async () => {
    const dataSource = t.gateway.dataSource;
    const repository = dataSource.getRepository(Venue);
    const venues = await repository.save(
      ["one", "two", "three"].map((slug) => repository.create({ slug, name: `Venue ${slug}` })),
    );
    for (const [k, venue] of venues.entries()) {
      await dataSource
        .createQueryBuilder()
        .update(Meeting)
        .set({ venueId: venue.id, onlineUrl: `https://meet.example.org/${k}` })
        .where("id % 3 = :k", { k })
        .execute();
    }
    const VENUES = /* GraphQL */ `
      query Venues($first: Int!) {
        meetings(first: $first) {
          nodes {
            slug
            onlineLink {
              url
              platform
            }
            venue {
              name
              countryCode
              meetings(first: 2) {
                totalCount
                nodes {
                  slug
                }
              }
            }
          }
        }
      }
    `;
    const count = async (first: number) => {
      const { result, statements } = await t.countSql(() =>
        t.query<{ meetings: { nodes: { venue: { name: string } | null }[] } }>(VENUES, { first }),
      );
      const nodes = dataOf(result).meetings.nodes;
      expect(nodes).toHaveLength(first);
      expect(nodes.every((node) => node.venue !== null)).toBe(true);
      return statements;
    };
    const ten = await count(10);
    expect(await count(50)).toBe(ten);
    // page + venues + the venues' meeting pages (ranked, loaded, counted) = 5 at most.
    expect(ten).toBeLessThanOrEqual(5);
  });

  it("is the same for 10 and for 50 meetings with their series, session neighbours and series' meetings", async () => {
    const dataSource = t.gateway.dataSource;
    const repository = dataSource.getRepository(MeetingSeries);
    const series = await repository.save(
      ["alpha", "beta", "gamma"].map((slug) => repository.create({ slug, name: `Series ${slug}` })),
    );
    // Every meeting joins a series; the even ones are numbered (by id: unique within each series).
    for (const [k, one] of series.entries()) {
      await dataSource
        .createQueryBuilder()
        .update(Meeting)
        .set({ seriesId: one.id, sessionNumber: () => "CASE WHEN id % 2 = 0 THEN id ELSE NULL END" })
        .where("id % 3 = :k", { k })
        .execute();
    }
    const SERIES = /* GraphQL */ `
      query Series($first: Int!) {
        meetings(first: $first) {
          nodes {
            slug
            sessionNumber
            series {
              name
              meetings(first: 2) {
                totalCount
                nodes {
                  slug
                }
              }
            }
            previousSession {
              slug
              series {
                slug
              }
            }
            nextSession {
              slug
            }
          }
        }
      }
    `;
    const count = async (first: number) => {
      const { result, statements } = await t.countSql(() =>
        t.query<{
          meetings: { nodes: { series: { name: string } | null; previousSession: unknown; nextSession: unknown }[] };
        }>(SERIES, { first }),
      );
      const nodes = dataOf(result).meetings.nodes;
      expect(nodes).toHaveLength(first);
      expect(nodes.every((node) => node.series !== null)).toBe(true);
      expect(nodes.some((node) => node.previousSession !== null && node.nextSession !== null)).toBe(true);
      return statements;
    };
    const ten = await count(10);
    expect(await count(50)).toBe(ten);
    // page + series + the series' sessions (for the neighbours) + the neighbours + the series' meeting pages
    // (their sessions, their meetings) = 6 at most.
    expect(ten).toBeLessThanOrEqual(6);
  });

  it("is the same for 3 and for 11 people with their participations, meetings and offices on a date", async () => {
    const PEOPLE = /* GraphQL */ `
      query People($first: Int!) {
        people(first: $first) {
          nodes {
            name
            officesOn(date: "2022-03-03") {
              title
            }
            participations(first: 3) {
              totalCount
              nodes {
                role
                meeting {
                  slug
                }
                officesOnMeetingDate {
                  title
                }
              }
            }
            meetings(first: 3) {
              totalCount
              nodes {
                slug
              }
            }
          }
        }
        members(first: 20) {
          nodes {
            officeHolders(kind: DIRECTOR_GENERAL_OF_CUSTOMS, on: "2021-04-22") {
              person {
                name
              }
            }
          }
        }
      }
    `;
    const count = async (first: number) => {
      const { result, statements } = await t.countSql(() =>
        t.query<{ people: { nodes: { participations: { nodes: unknown[] } }[] } }>(PEOPLE, { first }),
      );
      const nodes = dataOf(result).people.nodes;
      expect(nodes).toHaveLength(first);
      expect(nodes.filter((node) => node.participations.nodes.length > 0).length).toBeGreaterThanOrEqual(first - 5);
      return statements;
    };
    const three = await count(3);
    expect(await count(11)).toBe(three);
    // people + appointments + the participation pages (ranked, loaded, their meetings' dates, counted) + their
    // meetings + the meeting pages (ranked, loaded, counted) + members (page and its probe) + office holders (at
    // the Members, their holders' appointments) = 14 at most.
    expect(three).toBeLessThanOrEqual(14);
    console.log(`SQL statements: people(first: 3) with participations → ${three}`);
  });
});
