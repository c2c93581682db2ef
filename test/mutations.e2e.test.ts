import type { TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { dumpDatabase } from "./helpers/database-dump";
import { placeholder } from "./helpers/database";

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString("base64url");

describe("mutations", () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;

  /** Runs a mutation as an editor and returns its data, failing on any error. */
  const ok = async <T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>) =>
    dataOf(await t.query<T>(document, variables, editor));

  /** Runs a mutation that must be refused; asserts the code, and that no row anywhere changed. */
  const refused = async (document: string, variables: Record<string, unknown>, code: string, path?: string) => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const error = errorOf(await t.query(document, variables, editor));
    expect({ code: error.extensions?.code, message: error.message }).toEqual({ code, message: expect.any(String) });
    if (path) expect(error.extensions?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
    return error;
  };

  const idOf = async (query: string) => {
    const data = dataOf(await t.query<Record<string, { id: string }>>(query));
    return Object.values(data)[0]!.id;
  };

  let meetingId: string;
  let peruId: string;
  let americasId: string;
  let recoveryId: string;

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor", "Editor Ed")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin", "Admin Ann")}` };
    meetingId = await idOf(`{ meeting(slug: "${SEEDED}") { id } }`);
    peruId = await idOf(`{ member(isoCode: "PE") { id } }`);
    americasId = await idOf(`{ region(code: "AMERICAS_CARIBBEAN") { id } }`);
    const pillars = dataOf(
      await t.query<{ theme: { pillars: { id: string; name: string }[] } }>(
        `{ theme(year: 2021) { pillars { id name } } }`,
      ),
    );
    recoveryId = pillars.theme.pillars[0]!.id;
  });
  afterAll(() => t.stop());

  describe("regions", () => {
    const CREATE = `mutation($input: CreateRegionInput!) { createRegion(input: $input) { region { id code name version } } }`;
    const UPDATE = `mutation($input: UpdateRegionInput!) { updateRegion(input: $input) { region { name version } } }`;
    const DELETE = `mutation($input: DeleteInput!) { deleteRegion(input: $input) { deletedId cascaded } }`;

    it("creates, renames with optimistic concurrency, and deletes an unused region", async () => {
      const { createRegion } = await ok<{ createRegion: { region: { id: string; version: number } } }>(CREATE, {
        input: { code: "OCEANIA_TEST", name: "Oceania" },
      });
      expect(createRegion.region.version).toBe(1);
      const id = createRegion.region.id;
      const renamed = await ok<{ updateRegion: { region: { name: string; version: number } } }>(UPDATE, {
        input: { id, name: "Oceania and Pacific", expectedVersion: 1 },
      });
      expect(renamed.updateRegion.region).toEqual({ name: "Oceania and Pacific", version: 2 });
      const stale = await refused(UPDATE, { input: { id, name: "Lost edit", expectedVersion: 1 } }, "CONFLICT");
      expect(stale.extensions?.currentVersion).toBe(2);
      expect(await ok(DELETE, { input: { id } })).toEqual({ deleteRegion: { deletedId: id, cascaded: 0 } });
      expect(dataOf(await t.query(`{ region(code: "OCEANIA_TEST") { id } }`))).toEqual({ region: null });
    });

    it("refuses a duplicate or malformed code, a blank name, and null for a required field", async () => {
      await refused(CREATE, { input: { code: "EUROPE", name: "Again" } }, "BAD_USER_INPUT", "input.code");
      await refused(CREATE, { input: { code: "lower case", name: "x" } }, "BAD_USER_INPUT", "input.code");
      await refused(CREATE, { input: { code: "BLANK_NAME", name: "   " } }, "BAD_USER_INPUT", "input.name");
      await refused(UPDATE, { input: { id: americasId, name: null } }, "BAD_USER_INPUT", "input.name");
    });

    it("refuses unknown input fields", async () => {
      await refused(CREATE, { input: { code: "X_FIELD", name: "x", colour: "blue" } }, "BAD_USER_INPUT");
    });

    it("never deletes a region in use", async () => {
      const error = await refused(DELETE, { input: { id: americasId } }, "CONFLICT");
      expect(error.extensions?.references).toEqual({ members: 2, meetings: 3, appointments: 1 });
    });

    it("answers NOT_FOUND for an id that names nothing, BAD_USER_INPUT for an id of another type", async () => {
      await refused(UPDATE, { input: { id: gid("Region", 9999), name: "x" } }, "NOT_FOUND");
      await refused(UPDATE, { input: { id: meetingId, name: "x" } }, "BAD_USER_INPUT", "input.id");
    });
  });

  describe("members and organisations", () => {
    const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id isoCode region { code } } } }`;
    const DELETE = `mutation($input: DeleteMemberInput!) { deleteMember(input: $input) { deletedId cascaded } }`;

    it("creates and updates a Member, checking its region and ISO code", async () => {
      const created = await ok<{ createMember: { member: { id: string; region: { code: string } } } }>(CREATE, {
        input: { name: "Chile Customs", countryName: "Chile", isoCode: "CL", regionId: americasId },
      });
      expect(created.createMember.member.region.code).toBe("AMERICAS_CARIBBEAN");
      await refused(
        CREATE,
        { input: { name: "Again", countryName: "Chile", isoCode: "CL", regionId: americasId } },
        "BAD_USER_INPUT",
        "input.isoCode",
      );
      await refused(
        CREATE,
        { input: { name: "Nowhere", countryName: "X", isoCode: "XX", regionId: americasId } },
        "BAD_USER_INPUT",
      );
      await refused(
        CREATE,
        { input: { name: "Lost", countryName: "Bolivia", isoCode: "BO", regionId: gid("Region", 9999) } },
        "BAD_USER_INPUT",
        "input.regionId",
      );
      const updated = await ok<{ updateMember: { member: { shortName: string | null } } }>(
        `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { shortName } } }`,
        { input: { id: created.createMember.member.id, shortName: "SNA" } },
      );
      expect(updated.updateMember.member.shortName).toBe("SNA");
    });

    it("refuses to delete a host Member without cascade, and detaches its meetings with cascade", async () => {
      const error = await refused(DELETE, { input: { id: peruId } }, "CONFLICT");
      expect(error.extensions?.references).toEqual({ hostedMeetings: 3, appointments: 1 });
    });

    it("deletes an organisation only with cascade when offices are held there", async () => {
      const org = await ok<{ createOrganisation: { organisation: { id: string } } }>(
        `mutation { createOrganisation(input: { slug: "test-ministry", name: "Test Ministry", kind: GOVERNMENT_MINISTRY }) { organisation { id } } }`,
      );
      const person = await ok<{ createPerson: { person: { id: string } } }>(
        `mutation { createPerson(input: { slug: "test-minister", name: "Test Minister" }) { person { id } } }`,
      );
      await ok(
        `mutation($input: CreateAppointmentInput!) { createAppointment(input: $input) { appointment { id } } }`,
        {
          input: {
            personId: person.createPerson.person.id,
            title: "Minister",
            kind: "MINISTER",
            organisationId: org.createOrganisation.organisation.id,
          },
        },
      );
      const DELETE_ORG = `mutation($input: DeleteOrganisationInput!) { deleteOrganisation(input: $input) { cascaded } }`;
      await refused(DELETE_ORG, { input: { id: org.createOrganisation.organisation.id } }, "CONFLICT");
      expect(await ok(DELETE_ORG, { input: { id: org.createOrganisation.organisation.id, cascade: true } })).toEqual({
        deleteOrganisation: { cascaded: 1 },
      });
      const appointments = dataOf(
        await t.query<{ person: { appointments: unknown[] } }>(
          `{ person(slug: "test-minister") { appointments { id } } }`,
        ),
      );
      expect(appointments.person.appointments).toEqual([]);
    });
  });

  describe("people and appointments", () => {
    const APPOINT = `mutation($input: CreateAppointmentInput!) { createAppointment(input: $input) { appointment { id title institution { __typename } } } }`;

    it("validates appointments: one institution at most, dates in order", async () => {
      const person = await idOf(`{ person(slug: "kunio-mikuriya") { id } }`);
      const org = await idOf(`{ organisation(slug: "wco-secretariat") { id } }`);
      await refused(
        APPOINT,
        { input: { personId: person, title: "x", kind: "OTHER", memberId: peruId, organisationId: org } },
        "BAD_USER_INPUT",
        "input.organisationId",
      );
      await refused(
        APPOINT,
        { input: { personId: person, title: "x", kind: "OTHER", startDate: "2021-05-01", endDate: "2021-04-01" } },
        "BAD_USER_INPUT",
        "input.endDate",
      );
      const created = await ok<{
        createAppointment: { appointment: { id: string; institution: { __typename: string } } };
      }>(APPOINT, {
        input: {
          personId: person,
          title: "Honorary Fellow",
          kind: "OTHER",
          organisationId: org,
          startDate: "2020-01-01",
        },
      });
      expect(created.createAppointment.appointment.institution.__typename).toBe("Organisation");
      await refused(
        `mutation($input: UpdateAppointmentInput!) { updateAppointment(input: $input) { appointment { id } } }`,
        { input: { id: created.createAppointment.appointment.id, endDate: "2019-12-31" } },
        "BAD_USER_INPUT",
        "input.endDate",
      );
      await ok(`mutation($input: DeleteInput!) { deleteAppointment(input: $input) { deletedId } }`, {
        input: { id: created.createAppointment.appointment.id },
      });
    });

    it("refuses a malformed slug", async () => {
      await refused(
        `mutation { createPerson(input: { slug: "Not A Slug", name: "x" }) { person { id } } }`,
        {},
        "BAD_USER_INPUT",
        "input.slug",
      );
    });

    it("refuses to delete a speaker without cascade", async () => {
      const mendoza = await idOf(`{ person(slug: "waldo-mendoza") { id } }`);
      const error = await refused(
        `mutation($input: DeletePersonInput!) { deletePerson(input: $input) { cascaded } }`,
        { input: { id: mendoza } },
        "CONFLICT",
      );
      expect(error.extensions?.references).toEqual({ participations: 1, speakingSlots: 1, convenedMeetings: 0 });
    });
  });

  describe("meetings, participants, agenda", () => {
    const CREATE_MEETING = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id slug region { code } host { isoCode } sources { title } } } }`;
    const ADD_ITEM = `mutation($input: CreateAgendaItemInput!) { createAgendaItem(input: $input) { agendaItem { id position speakers { slug } pillar { name } topics { name } } } }`;
    const AGENDA = `query($slug: String!) { meeting(slug: $slug) { agenda { id position title } } }`;
    let newMeeting: string;
    let mikuriya: string;

    beforeAll(async () => {
      mikuriya = await idOf(`{ person(slug: "kunio-mikuriya") { id } }`);
    });

    it("creates a meeting with its region, host, theme and sources, and checks its dates and slug", async () => {
      const source = await idOf(
        `{ meeting(slug: "${SEEDED}") { sources { id } } }`.replace("{ sources { id } }", "{ id }"),
      );
      const sourceId = dataOf(
        await t.query<{ meeting: { sources: { id: string }[] } }>(`{ meeting(slug: "${SEEDED}") { sources { id } } }`),
      ).meeting.sources[0]!.id;
      expect(source).toBe(meetingId);
      const themeId = await idOf(`{ theme(year: 2021) { id } }`);
      const input = {
        slug: "2021-10-01-test-meeting",
        title: "Test meeting",
        kind: "WORKSHOP",
        startDate: "2021-10-01",
        endDate: "2021-10-02",
        timezone: "America/Lima",
        regionId: americasId,
        hostId: peruId,
        themeId,
        sourceIds: [sourceId],
      };
      await refused(CREATE_MEETING, { input: { ...input, endDate: "2021-09-30" } }, "BAD_USER_INPUT", "input.endDate");
      await refused(CREATE_MEETING, { input: { ...input, slug: SEEDED } }, "BAD_USER_INPUT", "input.slug");
      await refused(CREATE_MEETING, { input: { ...input, timezone: "Mars/Olympus" } }, "BAD_USER_INPUT");
      const created = await ok<{
        createMeeting: { meeting: { id: string; sources: unknown[]; host: { isoCode: string } } };
      }>(CREATE_MEETING, { input });
      expect(created.createMeeting.meeting.host.isoCode).toBe("PE");
      expect(created.createMeeting.meeting.sources).toHaveLength(1);
      newMeeting = created.createMeeting.meeting.id;
    });

    it("only lets participants speak, and keeps agenda positions dense when inserting", async () => {
      await refused(
        ADD_ITEM,
        { input: { meetingId: newMeeting, title: "Opening", kind: "OPENING", speakerIds: [mikuriya] } },
        "BAD_USER_INPUT",
        "input.speakerIds[0]",
      );
      await ok(
        `mutation($input: CreateParticipationInput!) { createParticipation(input: $input) { participation { id role } } }`,
        {
          input: { meetingId: newMeeting, personId: mikuriya, role: "SPEAKER" },
        },
      );
      await refused(
        `mutation($input: CreateParticipationInput!) { createParticipation(input: $input) { participation { id } } }`,
        { input: { meetingId: newMeeting, personId: mikuriya, role: "SPEAKER" } },
        "BAD_USER_INPUT",
        "input.role",
      );
      const first = await ok<{ createAgendaItem: { agendaItem: { position: number; speakers: { slug: string }[] } } }>(
        ADD_ITEM,
        {
          input: {
            meetingId: newMeeting,
            title: "Closing",
            kind: "CLOSING",
            speakerIds: [mikuriya],
            topics: ["Wrap-up"],
          },
        },
      );
      expect(first.createAgendaItem.agendaItem).toMatchObject({ position: 1, speakers: [{ slug: "kunio-mikuriya" }] });
      await ok(ADD_ITEM, {
        input: { meetingId: newMeeting, title: "Opening", kind: "OPENING", position: 1, pillarId: recoveryId },
      });
      await ok(ADD_ITEM, { input: { meetingId: newMeeting, title: "Middle", kind: "DISCUSSION", position: 2 } });
      const agenda = dataOf(
        await t.query<{ meeting: { agenda: { position: number; title: string }[] } }>(AGENDA, {
          slug: "2021-10-01-test-meeting",
        }),
      );
      expect(agenda.meeting.agenda.map((i) => [i.position, i.title])).toEqual([
        [1, "Opening"],
        [2, "Middle"],
        [3, "Closing"],
      ]);
      await refused(
        ADD_ITEM,
        { input: { meetingId: newMeeting, title: "Too far", kind: "OTHER", position: 9 } },
        "BAD_USER_INPUT",
        "input.position",
      );
    });

    it("reorders a whole agenda in one step, and refuses an order that is not a permutation", async () => {
      const REORDER = `mutation($input: ReorderAgendaItemsInput!) { reorderAgendaItems(input: $input) { meeting { agenda { title position } } } }`;
      const agenda = dataOf(
        await t.query<{ meeting: { agenda: { id: string }[] } }>(AGENDA, { slug: "2021-10-01-test-meeting" }),
      ).meeting.agenda;
      const ids = agenda.map((i) => i.id);
      await refused(
        REORDER,
        { input: { meetingId: newMeeting, itemIds: ids.slice(0, 2) } },
        "BAD_USER_INPUT",
        "input.itemIds",
      );
      await refused(
        REORDER,
        { input: { meetingId: newMeeting, itemIds: [ids[0], ids[0], ids[1]] } },
        "BAD_USER_INPUT",
        "input.itemIds[1]",
      );
      const foreign = dataOf(await t.query<{ meeting: { agenda: { id: string }[] } }>(AGENDA, { slug: SEEDED })).meeting
        .agenda[0]!.id;
      await refused(
        REORDER,
        { input: { meetingId: newMeeting, itemIds: [ids[0], ids[1], foreign] } },
        "BAD_USER_INPUT",
        "input.itemIds[2]",
      );
      const reordered = await ok<{
        reorderAgendaItems: { meeting: { agenda: { title: string; position: number }[] } };
      }>(REORDER, {
        input: { meetingId: newMeeting, itemIds: [...ids].reverse() },
      });
      expect(reordered.reorderAgendaItems.meeting.agenda).toEqual([
        { title: "Closing", position: 1 },
        { title: "Middle", position: 2 },
        { title: "Opening", position: 3 },
      ]);
    });

    it("refuses a pillar of another theme, and unlinks pillars only with cascade", async () => {
      const other = await ok<{ createTheme: { theme: { pillars: { id: string }[] } } }>(
        `mutation { createTheme(input: { year: 2022, title: "Test theme", pillars: [{ name: "Only", focusAreas: ["One"] }] }) { theme { pillars { id } } } }`,
      );
      await refused(
        ADD_ITEM,
        {
          input: {
            meetingId: newMeeting,
            title: "Wrong pillar",
            kind: "OTHER",
            pillarId: other.createTheme.theme.pillars[0]!.id,
          },
        },
        "BAD_USER_INPUT",
        "input.pillarId",
      );
      const DELETE_PILLAR = `mutation($input: DeleteThemePillarInput!) { deleteThemePillar(input: $input) { cascaded } }`;
      const error = await refused(DELETE_PILLAR, { input: { id: recoveryId } }, "CONFLICT");
      expect(error.extensions?.references).toEqual({ agendaItems: 2 });
    });

    it("removes a speaker's last participation only with cascade", async () => {
      const participants = dataOf(
        await t.query<{ meeting: { participants: { id: string }[] } }>(
          `{ meeting(slug: "2021-10-01-test-meeting") { participants { id } } }`,
        ),
      ).meeting.participants;
      const DELETE = `mutation($input: DeleteParticipationInput!) { deleteParticipation(input: $input) { cascaded } }`;
      await refused(DELETE, { input: { id: participants[0]!.id } }, "CONFLICT");
      expect(await ok(DELETE, { input: { id: participants[0]!.id, cascade: true } })).toEqual({
        deleteParticipation: { cascaded: 1 },
      });
    });

    it("deletes a meeting with its agenda, participations and source links", async () => {
      const deleted = await ok<{ deleteMeeting: { cascaded: number } }>(
        `mutation($input: DeleteInput!) { deleteMeeting(input: $input) { cascaded } }`,
        {
          input: { id: newMeeting },
        },
      );
      expect(deleted.deleteMeeting.cascaded).toBe(4);
      const dataSource = t.gateway.dataSource;
      const rows = await dataSource.query(
        `SELECT COUNT(*) AS n FROM agenda_item WHERE meeting_id = ${placeholder(dataSource, 1)}`,
        [Number(Buffer.from(newMeeting, "base64url").toString().split(":")[1])],
      );
      expect(Number(rows[0].n)).toBe(0);
    });
  });

  describe("themes and pillars", () => {
    it("keeps pillar positions dense as pillars are added, moved and removed", async () => {
      const theme = await ok<{ createTheme: { theme: { id: string } } }>(
        `mutation { createTheme(input: { year: 2023, title: "Pillars test", pillars: [{ name: "A", focusAreas: [] }, { name: "B", focusAreas: ["b1", "b2"] }] }) { theme { id } } }`,
      );
      const themeId = theme.createTheme.theme.id;
      await refused(
        `mutation { createTheme(input: { year: 2023, title: "Again" }) { theme { id } } }`,
        {},
        "BAD_USER_INPUT",
        "input.year",
      );
      const c = await ok<{ createThemePillar: { pillar: { id: string } } }>(
        `mutation($input: CreateThemePillarInput!) { createThemePillar(input: $input) { pillar { id } } }`,
        { input: { themeId, name: "C", focusAreas: ["c1"], position: 1 } },
      );
      const PILLARS = `{ theme(year: 2023) { pillars { name position focusAreas } } }`;
      const names = async () =>
        dataOf(await t.query<{ theme: { pillars: { name: string }[] } }>(PILLARS)).theme.pillars.map((p) => p.name);
      expect(await names()).toEqual(["C", "A", "B"]);
      await ok(
        `mutation($input: UpdateThemePillarInput!) { updateThemePillar(input: $input) { pillar { position } } }`,
        {
          input: { id: c.createThemePillar.pillar.id, position: 3, focusAreas: ["c1", "c2"] },
        },
      );
      expect(await names()).toEqual(["A", "B", "C"]);
      await refused(
        `mutation($input: UpdateThemePillarInput!) { updateThemePillar(input: $input) { pillar { id } } }`,
        { input: { id: c.createThemePillar.pillar.id, name: "A" } },
        "BAD_USER_INPUT",
        "input.name",
      );
      await ok(`mutation($input: DeleteThemePillarInput!) { deleteThemePillar(input: $input) { cascaded } }`, {
        input: { id: c.createThemePillar.pillar.id },
      });
      const pillars = dataOf(await t.query<{ theme: { pillars: unknown[] } }>(PILLARS)).theme.pillars;
      expect(pillars).toEqual([
        { name: "A", position: 1, focusAreas: [] },
        { name: "B", position: 2, focusAreas: ["b1", "b2"] },
      ]);
    });
  });

  describe("sources", () => {
    const CREATE = `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id url } } }`;

    it("accepts only http(s) URLs and BCP 47 languages", async () => {
      const base = { title: "A press release", publisher: "SUNAT", publishedOn: "2021-04-23", language: "es" };
      await refused(CREATE, { input: { ...base, url: "ftp://example.org/x" } }, "BAD_USER_INPUT", "input.url");
      await refused(CREATE, { input: { ...base, url: "javascript:alert(1)" } }, "BAD_USER_INPUT", "input.url");
      await refused(CREATE, { input: { ...base, language: "Spanish!" } }, "BAD_USER_INPUT", "input.language");
      const created = await ok<{ createSource: { source: { url: string } } }>(CREATE, {
        input: { ...base, url: "https://www.sunat.gob.pe/x" },
      });
      expect(created.createSource.source.url).toBe("https://www.sunat.gob.pe/x");
    });

    it("refuses to delete a source that documents meetings without cascade", async () => {
      const sourceId = dataOf(
        await t.query<{ meeting: { sources: { id: string }[] } }>(`{ meeting(slug: "${SEEDED}") { sources { id } } }`),
      ).meeting.sources[0]!.id;
      const error = await refused(
        `mutation($input: DeleteSourceInput!) { deleteSource(input: $input) { cascaded } }`,
        { input: { id: sourceId } },
        "CONFLICT",
      );
      expect(error.extensions?.references).toEqual({ meetings: 3 });
    });
  });

  describe("audit trail", () => {
    it("records who changed what, when, with the values before and after", async () => {
      const before = await ok<{ updateMeeting: { meeting: { version: number } } }>(
        `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { version } } }`,
        { input: { id: meetingId, format: "VIRTUAL" } },
      );
      expect(before.updateMeeting.meeting.version).toBe(2);
      const trail = dataOf(
        await t.query<{
          auditEntries: {
            totalCount: number;
            nodes: {
              actor: string;
              operation: string;
              entityType: string;
              at: string;
              before: { format: string };
              after: { format: string; version: number };
            }[];
          };
        }>(
          `query($filter: AuditEntryFilter) { auditEntries(filter: $filter) { totalCount nodes { actor operation entityType at before after } } }`,
          { filter: { entityId: meetingId } },
          admin,
        ),
      ).auditEntries;
      expect(trail.totalCount).toBe(1);
      expect(trail.nodes[0]).toMatchObject({
        actor: "Editor Ed",
        operation: "updateMeeting",
        entityType: "Meeting",
        before: { format: "UNKNOWN", version: 1 },
        after: { format: "VIRTUAL", version: 2 },
      });
      expect(Date.now() - Date.parse(trail.nodes[0]!.at)).toBeLessThan(60_000);
    });

    it("filters by actor and operation, and pages newest first", async () => {
      const q = `query($filter: AuditEntryFilter, $after: String) { auditEntries(first: 2, filter: $filter, after: $after) { totalCount nodes { actor operation } pageInfo { endCursor hasNextPage } } }`;
      const byEd = dataOf(
        await t.query<{ auditEntries: { totalCount: number; nodes: { actor: string }[] } }>(
          q,
          { filter: { actor: "Editor Ed" } },
          admin,
        ),
      ).auditEntries;
      expect(byEd.totalCount).toBeGreaterThanOrEqual(1);
      expect(byEd.nodes.every((n) => n.actor === "Editor Ed")).toBe(true);
      const creates = dataOf(
        await t.query<{ auditEntries: { totalCount: number; nodes: { operation: string }[] } }>(
          q,
          { filter: { operation: "createRegion" } },
          admin,
        ),
      ).auditEntries;
      expect(creates.nodes.map((n) => n.operation)).toEqual(["createRegion"]);
      const none = dataOf(
        await t.query<{ auditEntries: { totalCount: number } }>(q, { filter: { actor: "Nobody" } }, admin),
      ).auditEntries;
      expect(none.totalCount).toBe(0);
    });

    it("records nothing for refused mutations", async () => {
      const count = async () =>
        dataOf(
          await t.query<{ auditEntries: { totalCount: number } }>(`{ auditEntries { totalCount } }`, undefined, admin),
        ).auditEntries.totalCount;
      const before = await count();
      await t.query(
        `mutation { createRegion(input: { code: "EUROPE", name: "dup" }) { region { id } } }`,
        undefined,
        editor,
      );
      expect(await count()).toBe(before);
    });
  });
});
