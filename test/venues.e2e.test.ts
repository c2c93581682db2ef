import { dumpDatabase } from "./helpers/database-dump";
import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { DirectorySubscriber } from "./helpers/subscriber";

/*
 * Venues (src/modules/venue): listed, fetched by slug and by id, edited by editors, named by meetings, exported
 * and imported with the directory file. A meeting's online link is separate from its venue and its format.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

const VENUE_FIELDS = "id slug name city countryCode address timezone version";
const CREATE = `mutation($input: CreateVenueInput!) { createVenue(input: $input) { venue { ${VENUE_FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateVenueInput!) { updateVenue(input: $input) { venue { ${VENUE_FIELDS} } } }`;
const DELETE = `mutation($input: DeleteVenueInput!) { deleteVenue(input: $input) { deletedId cascaded } }`;
const CREATE_MEETING = `mutation($input: CreateMeetingInput!) {
  createMeeting(input: $input) { meeting { id slug venue { slug } onlineLink { url platform } format } }
}`;
const UPDATE_MEETING = `mutation($input: UpdateMeetingInput!) {
  updateMeeting(input: $input) { meeting { id venue { slug } onlineLink { url platform } format version } }
}`;

interface VenueData {
  id: string;
  slug: string;
  name: string;
  city: string | null;
  countryCode: string | null;
  address: string | null;
  timezone: string | null;
  version: number;
}

interface MeetingData {
  id: string;
  slug: string;
  venue: { slug: string } | null;
  onlineLink: { url: string; platform: string | null } | null;
  format: string;
}

describe("venues", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;

  const ok = async <T>(document: string, variables?: Record<string, unknown>) =>
    dataOf(await t.query<T>(document, variables, editor));

  /** A mutation that must be refused with `code`: nothing anywhere changes. */
  const refused = async (document: string, variables: Record<string, unknown>, code: string, path?: string) => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const error = errorOf(await t.query(document, variables, editor));
    expect(error.extensions?.code).toBe(code);
    if (path) expect(error.extensions?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
    return error;
  };

  const createVenue = async (input: Record<string, unknown>) =>
    (await ok<{ createVenue: { venue: VenueData } }>(CREATE, { input })).createVenue.venue;

  const createMeeting = async (input: Record<string, unknown>) =>
    (await ok<{ createMeeting: { meeting: MeetingData } }>(CREATE_MEETING, { input: { kind: "WEBINAR", ...input } }))
      .createMeeting.meeting;

  let brussels: VenueData;
  let lima: VenueData;
  let geneva: VenueData;

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor", "Editor Ed")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin", "Admin Ann")}` };
  });
  afterAll(() => t.stop());

  it("seeds no venue and no online link: the article states neither", async () => {
    const data = dataOf(
      await t.query<{ venues: { totalCount: number }; meeting: { venue: null; onlineLink: null } }>(
        `{ venues { totalCount } meeting(slug: "${SEEDED}") { venue { slug } onlineLink { url } } }`,
      ),
    );
    expect(data).toEqual({ venues: { totalCount: 0 }, meeting: { venue: null, onlineLink: null } });
  });

  it("creates venues, storing codes, zones and texts in the one spelling every path finds", async () => {
    brussels = await createVenue({
      slug: "wco-headquarters",
      name: "  WCO Headquarters ",
      city: "Brussels",
      countryCode: "be",
      address: "Rue du Marché 30, 1210 Brussels",
      timezone: "europe/brussels",
    });
    expect(brussels).toEqual({
      id: expect.any(String),
      slug: "wco-headquarters",
      name: "WCO Headquarters",
      city: "Brussels",
      countryCode: "BE",
      address: "Rue du Marché 30, 1210 Brussels",
      timezone: "Europe/Brussels",
      version: 1,
    });
    lima = await createVenue({ slug: "sunat-lima", name: "SUNAT", city: "Lima", countryCode: "PE" });
    expect(lima).toMatchObject({ address: null, timezone: null, countryCode: "PE" });
    geneva = await createVenue({ slug: "geneva-centre", name: "Centre International", countryCode: "CH" });
  });

  it("refuses bad input with BAD_USER_INPUT and changes nothing", async () => {
    const valid = { slug: "new-venue", name: "New venue" };
    await refused(CREATE, { input: { ...valid, slug: "Not A Slug" } }, "BAD_USER_INPUT", "input.slug");
    await refused(CREATE, { input: { ...valid, slug: "wco-headquarters" } }, "BAD_USER_INPUT", "input.slug");
    await refused(CREATE, { input: { ...valid, countryCode: "XX" } }, "BAD_USER_INPUT");
    await refused(CREATE, { input: { ...valid, countryCode: "Peru" } }, "BAD_USER_INPUT");
    await refused(CREATE, { input: { ...valid, timezone: "Mars/Olympus_Mons" } }, "BAD_USER_INPUT");
    await refused(CREATE, { input: { ...valid, name: " \t " } }, "BAD_USER_INPUT", "input.name");
    await refused(CREATE, { input: { ...valid, name: "x".repeat(201) } }, "BAD_USER_INPUT", "input.name");
    await refused(CREATE, { input: { ...valid, address: "x".repeat(501) } }, "BAD_USER_INPUT", "input.address");
    await refused(UPDATE, { input: { id: lima.id, slug: "wco-headquarters" } }, "BAD_USER_INPUT", "input.slug");
    await refused(UPDATE, { input: { id: lima.id, name: null } }, "BAD_USER_INPUT", "input.name");
    await refused(UPDATE, { input: { id: brussels.id, name: "Renamed", expectedVersion: 7 } }, "CONFLICT");
  });

  it("refuses writes without an editor token", async () => {
    const anonymous = errorOf(await t.query(CREATE, { input: { slug: "anon", name: "Anonymous" } }));
    expect(anonymous.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("updates a venue: omitted fields stay, null clears, the version counts", async () => {
    const { updateVenue } = await ok<{ updateVenue: { venue: VenueData } }>(UPDATE, {
      input: { id: lima.id, expectedVersion: 1, address: "Av. Garcilaso de la Vega 1472", timezone: "America/Lima" },
    });
    expect(updateVenue.venue).toMatchObject({
      name: "SUNAT",
      city: "Lima",
      address: "Av. Garcilaso de la Vega 1472",
      timezone: "America/Lima",
      version: 2,
    });
    const cleared = await ok<{ updateVenue: { venue: VenueData } }>(UPDATE, { input: { id: lima.id, city: null } });
    expect(cleared.updateVenue.venue).toMatchObject({ city: null, version: 3 });
    lima = (await ok<{ updateVenue: { venue: VenueData } }>(UPDATE, { input: { id: lima.id, city: "Lima" } }))
      .updateVenue.venue;
  });

  it("lists venues by name, filters by country, pages with cursors, and finds them by slug and id", async () => {
    const all = dataOf(
      await t.query<{ venues: { totalCount: number; nodes: { slug: string }[] } }>(
        `{ venues { totalCount nodes { slug } } }`,
      ),
    );
    expect(all.venues.nodes.map((v) => v.slug)).toEqual(["geneva-centre", "sunat-lima", "wco-headquarters"]);
    const peru = dataOf(
      await t.query<{ venues: { totalCount: number; nodes: { slug: string }[] } }>(
        `query($c: CountryCode) { venues(filter: { countryCode: $c }) { totalCount nodes { slug } } }`,
        { c: "pe" },
      ),
    );
    expect(peru.venues).toEqual({ totalCount: 1, nodes: [{ slug: "sunat-lima" }] });
    const badCountry = errorOf(await t.query(`{ venues(filter: { countryCode: "XX" }) { totalCount } }`));
    expect(badCountry.extensions?.code).toBe("BAD_USER_INPUT");

    const PAGE = `query($after: String) { venues(first: 2, after: $after) { edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      venues: { edges: { node: { slug: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const first = dataOf(await t.query<Page>(PAGE));
    expect(first.venues.edges.map((e) => e.node.slug)).toEqual(["geneva-centre", "sunat-lima"]);
    expect(first.venues.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(await t.query<Page>(PAGE, { after: first.venues.pageInfo.endCursor }));
    expect(second.venues.edges.map((e) => e.node.slug)).toEqual(["wco-headquarters"]);
    expect(second.venues.pageInfo.hasNextPage).toBe(false);
    const tooMany = errorOf(await t.query(`{ venues(first: 1000) { totalCount } }`));
    expect(tooMany.extensions?.code).toBe("BAD_USER_INPUT");

    const bySlug = dataOf(
      await t.query<{ venue: { id: string; name: string } | null; missing: null }>(
        `{ venue(slug: "wco-headquarters") { id name } missing: venue(slug: "nowhere") { id } }`,
      ),
    );
    expect(bySlug).toEqual({ venue: { id: brussels.id, name: "WCO Headquarters" }, missing: null });
    const byId = dataOf(
      await t.query<{ node: { __typename: string; slug: string } }>(
        `query($id: ID!) { node(id: $id) { __typename ... on Venue { slug countryCode } } }`,
        { id: brussels.id },
      ),
    );
    expect(byId.node).toEqual({ __typename: "Venue", slug: "wco-headquarters", countryCode: "BE" });
  });

  it("gives meetings a venue and an online link, independent of their format", async () => {
    const hybrid = await createMeeting({
      slug: "venue-hybrid",
      title: "Hybrid meeting",
      format: "HYBRID",
      startDate: "2023-06-01",
      venueId: brussels.id,
      onlineLink: { url: "HTTPS://meet.example.org/wco", platform: " Zoom " },
    });
    expect(hybrid).toMatchObject({
      venue: { slug: "wco-headquarters" },
      onlineLink: { url: "https://meet.example.org/wco", platform: "Zoom" },
      format: "HYBRID",
    });
    const virtual = await createMeeting({
      slug: "venue-virtual",
      title: "Online only",
      format: "VIRTUAL",
      onlineLink: { url: "https://teams.example.org/x" },
    });
    expect(virtual).toMatchObject({ venue: null, onlineLink: { url: "https://teams.example.org/x", platform: null } });
    const held = await createMeeting({
      slug: "venue-held",
      title: "In Lima",
      startDate: "2022-01-01",
      venueId: lima.id,
    });
    expect(held).toMatchObject({ venue: { slug: "sunat-lima" }, onlineLink: null, format: "UNKNOWN" });
    await createMeeting({
      slug: "venue-held-later",
      title: "In Lima again",
      startDate: "2024-01-01",
      venueId: lima.id,
    });

    // Omitted fields stay; null clears; a new link replaces both of its parts.
    const kept = await ok<{ updateMeeting: { meeting: MeetingData } }>(UPDATE_MEETING, {
      input: { id: hybrid.id, title: "Hybrid meeting, renamed" },
    });
    expect(kept.updateMeeting.meeting).toMatchObject({
      venue: { slug: "wco-headquarters" },
      onlineLink: hybrid.onlineLink,
    });
    const replaced = await ok<{ updateMeeting: { meeting: MeetingData } }>(UPDATE_MEETING, {
      input: { id: hybrid.id, onlineLink: { url: "https://other.example.org" }, venueId: geneva.id },
    });
    expect(replaced.updateMeeting.meeting).toMatchObject({
      venue: { slug: "geneva-centre" },
      onlineLink: { url: "https://other.example.org", platform: null },
    });
    const cleared = await ok<{ updateMeeting: { meeting: MeetingData } }>(UPDATE_MEETING, {
      input: { id: virtual.id, onlineLink: null },
    });
    expect(cleared.updateMeeting.meeting).toMatchObject({ onlineLink: null, format: "VIRTUAL" });

    // Bad links and unknown venues are refused, and nothing changes.
    const base = { slug: "venue-refused", title: "Refused", kind: "WEBINAR" };
    await refused(CREATE_MEETING, { input: { ...base, onlineLink: { url: "ftp://example.org/x" } } }, "BAD_USER_INPUT");
    await refused(CREATE_MEETING, { input: { ...base, onlineLink: { url: "javascript:alert(1)" } } }, "BAD_USER_INPUT");
    await refused(CREATE_MEETING, { input: { ...base, onlineLink: { url: "not a url" } } }, "BAD_USER_INPUT");
    await refused(
      CREATE_MEETING,
      { input: { ...base, onlineLink: { url: "https://example.org", platform: "p".repeat(101) } } },
      "BAD_USER_INPUT",
    );
    await refused(CREATE_MEETING, { input: { ...base, venueId: hybrid.id } }, "BAD_USER_INPUT", "input.venueId");
    await refused(UPDATE_MEETING, { input: { id: held.id, venueId: "nonsense" } }, "BAD_USER_INPUT", "input.venueId");
  });

  it("lists a venue's meetings in the meeting order, newest first by default", async () => {
    const data = dataOf(
      await t.query<{ venue: { meetings: { totalCount: number; nodes: { slug: string }[] } } }>(
        `{ venue(slug: "sunat-lima") { meetings { totalCount nodes { slug } } } }`,
      ),
    );
    expect(data.venue.meetings).toEqual({
      totalCount: 2,
      nodes: [{ slug: "venue-held-later" }, { slug: "venue-held" }],
    });
    const oldest = dataOf(
      await t.query<{ venue: { meetings: { nodes: { slug: string }[] } } }>(
        `{ venue(slug: "sunat-lima") { meetings(first: 1, orderBy: { field: START_DATE, direction: ASC }) { nodes { slug } } } }`,
      ),
    );
    expect(oldest.venue.meetings.nodes).toEqual([{ slug: "venue-held" }]);
    const nested = dataOf(
      await t.query<{ venues: { nodes: { slug: string; meetings: { totalCount: number } }[] } }>(
        `{ venues { nodes { slug meetings(first: 5) { totalCount } } } }`,
      ),
    );
    expect(nested.venues.nodes).toEqual([
      { slug: "geneva-centre", meetings: { totalCount: 1 } },
      { slug: "sunat-lima", meetings: { totalCount: 2 } },
      { slug: "wco-headquarters", meetings: { totalCount: 0 } },
    ]);
  });

  it("refuses to delete a venue in use without cascade (CONFLICT), and detaches its meetings with cascade", async () => {
    const conflict = await refused(DELETE, { input: { id: lima.id } }, "CONFLICT");
    expect(conflict.extensions?.references).toEqual({ meetings: 2 });
    await refused(DELETE, { input: { id: lima.id, cascade: true, expectedVersion: 1 } }, "CONFLICT");
    const deleted = await ok<{ deleteVenue: { deletedId: string; cascaded: number } }>(DELETE, {
      input: { id: lima.id, cascade: true },
    });
    expect(deleted.deleteVenue).toEqual({ deletedId: lima.id, cascaded: 2 });
    const after = dataOf(
      await t.query<{ venue: null; node: null; meeting: { venue: null } }>(
        `query($id: ID!) { venue(slug: "sunat-lima") { id } node(id: $id) { id } meeting(slug: "venue-held") { venue { slug } } }`,
        { id: lima.id },
      ),
    );
    expect(after).toEqual({ venue: null, node: null, meeting: { venue: null } });
    // A venue no meeting uses goes without cascade.
    const unused = await createVenue({ slug: "unused", name: "Unused" });
    const gone = await ok<{ deleteVenue: { cascaded: number } }>(DELETE, { input: { id: unused.id } });
    expect(gone.deleteVenue.cascaded).toBe(0);
  });

  it("audits every change: who, which operation, before and after", async () => {
    const trail = dataOf(
      await t.query<{
        auditEntries: {
          nodes: { actor: string; operation: string; entityId: string; before: unknown; after: unknown }[];
        };
      }>(
        `{ auditEntries(first: 100, filter: { entityType: "Venue" }) { nodes { actor operation entityId before after } } }`,
        undefined,
        admin,
      ),
    ).auditEntries.nodes;
    const ofLima = trail.filter((entry) => entry.entityId === lima.id).map((entry) => entry.operation);
    expect(ofLima.sort()).toEqual(["createVenue", "deleteVenue", "updateVenue", "updateVenue", "updateVenue"].sort());
    expect(trail.every((entry) => entry.actor === "Editor Ed")).toBe(true);
    const deletion = trail.find((entry) => entry.operation === "deleteVenue" && entry.entityId === lima.id)!;
    expect(deletion).toMatchObject({ before: { slug: "sunat-lima", countryCode: "PE" }, after: null });
    // The cascade's detachments are audited as changes of the meetings.
    const detached = dataOf(
      await t.query<{ auditEntries: { nodes: { before: { venueId: number }; after: { venueId: null } }[] } }>(
        `{ auditEntries(filter: { entityType: "Meeting", operation: "deleteVenue" }) { nodes { before after } } }`,
        undefined,
        admin,
      ),
    ).auditEntries.nodes;
    expect(detached).toHaveLength(2);
    for (const entry of detached)
      expect(entry).toMatchObject({ before: { venueId: expect.any(Number) }, after: { venueId: null } });
    const linked = dataOf(
      await t.query<{ auditEntries: { nodes: { after: { onlineUrl: string; onlinePlatform: string } }[] } }>(
        `{ auditEntries(filter: { entityType: "Meeting", operation: "createMeeting" }) { nodes { after } } }`,
        undefined,
        admin,
      ),
    ).auditEntries.nodes;
    expect(linked.map((entry) => entry.after.onlineUrl)).toContain("https://meet.example.org/wco");
  });

  it("announces a venue's change to subscribers of the regions of the meetings held there", async () => {
    const americas = dataOf(await t.query<{ region: { id: string } }>(`{ region(code: "AMERICAS_CARIBBEAN") { id } }`))
      .region.id;
    const hybrid = dataOf(await t.query<{ meeting: { id: string } }>(`{ meeting(slug: "venue-hybrid") { id } }`))
      .meeting.id;
    await ok(UPDATE_MEETING, { input: { id: hybrid, regionId: americas } });
    const subscriber = new DirectorySubscriber(t.gateway.url);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // graphql-ws does not acknowledge subscriptions
      await ok(UPDATE, { input: { id: geneva.id, city: "Geneva" } });
      const [change] = await subscriber.atLeast(1);
      expect(change).toEqual({
        operation: "updateVenue",
        regionCodes: ["AMERICAS_CARIBBEAN"],
        allRegions: false,
        entities: [{ typename: "Venue", id: geneva.id, change: "UPDATED" }],
      });
    } finally {
      await subscriber.dispose();
    }
  });

  describe("in the directory file", () => {
    const EXPORT = `{ exportDirectory }`;
    const IMPORT = `mutation($input: ImportDirectoryInput!) {
      importDirectory(input: $input) { dryRun totalChanges changes { entity created updated deleted } }
    }`;
    type Exported = {
      venues: Record<string, unknown>[];
      meetings: (Record<string, unknown> & { slug: string; venue: string | null; onlineLink: unknown })[];
    };
    const exported = async () =>
      dataOf(await t.query<{ exportDirectory: Exported }>(EXPORT, undefined, admin)).exportDirectory;

    it("exports venues by slug and each meeting's venue and online link", async () => {
      const file = await exported();
      expect(file.venues).toEqual([
        {
          slug: "geneva-centre",
          name: "Centre International",
          city: "Geneva",
          countryCode: "CH",
          address: null,
          timezone: null,
        },
        {
          slug: "wco-headquarters",
          name: "WCO Headquarters",
          city: "Brussels",
          countryCode: "BE",
          address: "Rue du Marché 30, 1210 Brussels",
          timezone: "Europe/Brussels",
        },
      ]);
      const hybrid = file.meetings.find((m) => m.slug === "venue-hybrid")!;
      expect(hybrid).toMatchObject({
        venue: "geneva-centre",
        onlineLink: { url: "https://other.example.org", platform: null },
      });
      expect(file.meetings.find((m) => m.slug === SEEDED)).toMatchObject({ venue: null, onlineLink: null });
    });

    it("imports venues and meetings' venues, normalised by the API's rules, and finds nothing to change again", async () => {
      const directory = {
        venues: [
          { slug: "lisbon-hall", name: " Lisbon Hall ", city: "Lisbon", countryCode: "pt", timezone: "europe/lisbon" },
          { slug: "wco-headquarters", name: "WCO Headquarters", city: "Brussels", countryCode: "BE" },
        ],
        meetings: [
          {
            slug: "imported-with-venue",
            title: "Imported",
            kind: "WEBINAR",
            venue: "lisbon-hall",
            onlineLink: { url: "HTTPS://live.example.org", platform: "Webex" },
          },
        ],
      };
      const run = async (dryRun: boolean) =>
        dataOf(
          await t.query<{ importDirectory: { totalChanges: number; changes: { entity: string }[] } }>(
            IMPORT,
            { input: { directory, dryRun } },
            admin,
          ),
        ).importDirectory;
      const first = await run(false);
      expect(first.changes).toEqual(
        expect.arrayContaining([
          { entity: "Venue", created: 1, updated: 1, deleted: 0 },
          { entity: "Meeting", created: 1, updated: 0, deleted: 0 },
        ]),
      );
      expect((await run(true)).totalChanges).toBe(0);
      const data = dataOf(
        await t.query<{ meeting: unknown; venue: unknown }>(
          `{ meeting(slug: "imported-with-venue") { venue { slug name countryCode timezone } onlineLink { url platform } }
             venue(slug: "wco-headquarters") { address timezone } }`,
        ),
      );
      expect(data).toEqual({
        meeting: {
          venue: { slug: "lisbon-hall", name: "Lisbon Hall", countryCode: "PT", timezone: "Europe/Lisbon" },
          onlineLink: { url: "https://live.example.org", platform: "Webex" },
        },
        // A record describes its venue completely: what it leaves out is cleared.
        venue: { address: null, timezone: null },
      });
      const file = await exported();
      expect(file.meetings.find((m) => m.slug === "imported-with-venue")).toMatchObject({
        venue: "lisbon-hall",
        onlineLink: { url: "https://live.example.org", platform: "Webex" },
      });
    });

    it("refuses invalid venue records with the API's own messages, importing nothing", async () => {
      const check = async (directory: Record<string, unknown>, path: string) => {
        const before = await dumpDatabase(t.gateway.dataSource);
        const error = errorOf(await t.query(IMPORT, { input: { directory, dryRun: false } }, admin));
        expect(error.extensions?.code).toBe("BAD_USER_INPUT");
        expect(error.extensions?.problems).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: `input.directory.${path}` })]),
        );
        expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
      };
      await check({ venues: [{ slug: "x", name: "X", countryCode: "XX" }] }, "venues[0].countryCode");
      await check({ venues: [{ slug: "x", name: "X", timezone: "Mars/Base" }] }, "venues[0].timezone");
      await check({ venues: [{ slug: "Bad Slug", name: "X" }] }, "venues[0].slug");
      await check({ venues: [{ slug: "x", name: " " }] }, "venues[0].name");
      await check({ venues: [{ slug: "x", name: "X", floor: 3 }] }, "venues[0].floor");
      await check(
        {
          venues: [
            { slug: "x", name: "X" },
            { slug: "x", name: "Y" },
          ],
        },
        "venues[1].slug",
      );
      const meeting = { slug: "bad-link", title: "Bad", kind: "WEBINAR" };
      await check({ meetings: [{ ...meeting, onlineLink: { url: "ftp://x.org" } }] }, "meetings[0].onlineLink.url");
      await check({ meetings: [{ ...meeting, onlineLink: { platform: "Zoom" } }] }, "meetings[0].onlineLink.url");
      await check({ meetings: [{ ...meeting, venue: "nowhere" }] }, "meetings[0].venue");
    });
  });
});
