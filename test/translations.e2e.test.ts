import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import { AuditEntry } from "../src/platform/db/audit-entry.entity";
import { TEST_ENGINE } from "./helpers/database";
import { dumpDatabase } from "./helpers/database-dump";
import type { GraphQLResponse, TestGateway } from "./helpers/gateway";
import { dataOf, errorOf, startTestGateway } from "./helpers/gateway";
import { DirectorySubscriber } from "./helpers/subscriber";
import { syntheticDirectory } from "./helpers/synthetic-directory";

/*
 * Translations (src/modules/translation): set and removed by editors (audited, refused whole), answered in the
 * language of the request (Accept-Language, negotiated) or of a field's `lang` argument, with the text as stored
 * when there is none; removed with the objects they translate, by the database's triggers; kept apart by
 * language in the response cache; carried by the directory file; read in batches.
 */

const SEEDED = "2021-04-22-americas-caribbean-heads-of-customs";

const SET = `mutation($input: SetTranslationInput!) {
  setTranslation(input: $input) { translation { id field language text version } }
}`;
const REMOVE = `mutation($input: RemoveTranslationInput!) { removeTranslation(input: $input) { deletedId cascaded } }`;
const IMPORT = `mutation($input: ImportDirectoryInput!) { importDirectory(input: $input) { totalChanges } }`;
const EXPORT = `{ exportDirectory }`;

const MEETING = `query($slug: String!) {
  meeting(slug: $slug) {
    id title summary
    region { id name }
    theme { id title pillars { id name focusAreas } }
    agenda { id position title summary }
    translations { field language text }
  }
}`;

interface MeetingData {
  meeting: {
    id: string;
    title: string;
    summary: string | null;
    region: { id: string; name: string };
    theme: { id: string; title: string; pillars: { id: string; name: string; focusAreas: string[] }[] };
    agenda: { id: string; position: number; title: string; summary: string | null }[];
    translations: { field: string; language: string; text: string }[];
  };
}

interface Translation {
  id: string;
  field: string;
  language: string;
  text: string;
  version: number;
}

/** The rows of the translation table, as stored, in a fixed order. */
async function storedTranslations(dataSource: DataSource) {
  const rows: { entity_type: string; field: string; language: string; text: string }[] = await dataSource.query(
    `SELECT entity_type, entity_id, field, language, text FROM translation ORDER BY entity_type, entity_id, field, language`,
  );
  return rows.map((row) => `${row.entity_type}.${row.field}.${row.language}=${row.text}`);
}

describe(`translations (${TEST_ENGINE})`, () => {
  let t: TestGateway;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let seeded: MeetingData["meeting"];

  const ok = async <T>(document: string, variables?: Record<string, unknown>, headers = editor) =>
    dataOf(await t.query<T>(document, variables, headers));

  const set = async (input: Record<string, unknown>) =>
    (await ok<{ setTranslation: { translation: Translation } }>(SET, { input })).setTranslation.translation;

  const meetingIn = async (headers: Record<string, string>, slug = SEEDED) =>
    (await ok<MeetingData>(MEETING, { slug }, headers)).meeting;

  /** A mutation that must be refused with `code` (at `path`): nothing anywhere changes. */
  const refused = async (document: string, variables: Record<string, unknown>, code: string, path?: string) => {
    const before = await dumpDatabase(t.gateway.dataSource);
    const error = errorOf(await t.query(document, variables, editor));
    expect({ code: error.extensions?.code, message: error.message }).toEqual({ code, message: expect.any(String) });
    if (path) expect(error.extensions?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  };

  beforeAll(async () => {
    t = await startTestGateway();
    editor = { authorization: `Bearer ${await t.createToken("editor", "Traductora")}` };
    admin = { authorization: `Bearer ${await t.createToken("admin", "Admin Ann")}` };
    seeded = await meetingIn({});
  });
  afterAll(() => t.stop());

  it("seeds no translation: the article states every name in one language only", async () => {
    expect(seeded.translations).toEqual([]);
    expect(await storedTranslations(t.gateway.dataSource)).toEqual([]);
    const exported = (await ok<{ exportDirectory: { translations: unknown[] } }>(EXPORT, {}, admin)).exportDirectory;
    expect(exported.translations).toEqual([]);
  });

  it("has its cleanup triggers on every translatable table (a table rebuilt by a later migration loses its own)", async () => {
    const dataSource = t.gateway.dataSource;
    const triggers: { name: string }[] =
      TEST_ENGINE === "postgres"
        ? await dataSource.query(`SELECT tgname AS name FROM pg_trigger WHERE tgname LIKE 'TRG_translation_%'`)
        : await dataSource.query(
            `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'TRG_translation_%'`,
          );
    expect(triggers.map((trigger) => trigger.name).sort()).toEqual(
      [
        ...[
          "agenda_item",
          "annual_theme",
          "meeting",
          "meeting_series",
          "member",
          "organisation",
          "region",
          "theme_pillar",
          "theme_pillar_focus_area",
          "topic",
          "venue",
        ].map((table) => `TRG_translation_cleanup_${table}`),
        ...[
          "agenda_item_summary",
          "meeting_series_description",
          "meeting_series_short_name",
          "meeting_summary",
          "member_short_name",
          "organisation_country_name",
          "organisation_short_name",
          "venue_city",
        ].map((column) => `TRG_translation_cleared_${column}`),
      ].sort(),
    );
  });

  it("sets translations, audited, and replaces one in the same language", async () => {
    const fr = await set({ id: seeded.id, field: "title", language: "FR", text: "  Réunion des directeurs  " });
    expect(fr).toMatchObject({ field: "title", language: "FR", text: "Réunion des directeurs", version: 1 });
    await set({ id: seeded.id, field: "title", language: "ES", text: "Reunión de Directores Generales" });
    await set({ id: seeded.id, field: "summary", language: "ES", text: "Resumen en español." });
    await set({ id: seeded.region.id, field: "name", language: "FR", text: "Amériques et Caraïbes" });
    await set({ id: seeded.theme.pillars[0]!.id, field: "name", language: "ES", text: "Recuperación" });
    await set({ id: seeded.theme.pillars[0]!.id, field: "focusAreas.2", language: "ES", text: "Comercio electrónico" });
    await set({ id: seeded.agenda[0]!.id, field: "title", language: "FR", text: "Ouverture" });

    const replaced = await set({
      id: seeded.id,
      field: "title",
      language: "FR",
      text: "Réunion des directeurs généraux des douanes",
      expectedVersion: 1,
    });
    expect(replaced).toMatchObject({ id: fr.id, version: 2, text: "Réunion des directeurs généraux des douanes" });

    const entries = await t.gateway.dataSource
      .getRepository(AuditEntry)
      .find({ where: { entityType: "Translation" }, order: { id: "ASC" } });
    expect(entries.map((entry) => [entry.operation, entry.actor, entry.before === null, entry.after === null])).toEqual(
      [
        ...Array.from({ length: 7 }, () => ["setTranslation", "Traductora", true, false]),
        ["setTranslation", "Traductora", false, false],
      ],
    );
    expect(entries[7]!.after).toMatchObject({ entityType: "Meeting", field: "title", language: "fr", version: 2 });
  });

  it("answers each text in the negotiated language, and as stored where there is no translation", async () => {
    const french = await meetingIn({ "accept-language": "fr-CA,fr;q=0.9" });
    expect(french.title).toBe("Réunion des directeurs généraux des douanes");
    expect(french.region.name).toBe("Amériques et Caraïbes");
    expect(french.agenda[0]!.title).toBe("Ouverture");
    // No French summary, pillar name or second item title: the stored text, whatever its language.
    expect(french.summary).toBe(seeded.summary);
    expect(french.theme.pillars[0]!.name).toBe(seeded.theme.pillars[0]!.name);
    expect(french.agenda[1]!.title).toBe(seeded.agenda[1]!.title);

    const spanish = await meetingIn({ "accept-language": "de-DE, es;q=0.5" });
    expect(spanish.title).toBe("Reunión de Directores Generales");
    expect(spanish.summary).toBe("Resumen en español.");
    expect(spanish.theme.pillars[0]!.name).toBe("Recuperación");
    expect(spanish.theme.pillars[0]!.focusAreas).toEqual([
      seeded.theme.pillars[0]!.focusAreas[0],
      "Comercio electrónico",
    ]);

    for (const header of ["de", "*", "", "pt-BR, it;q=0.8", "fr;q=0"]) {
      const original = await meetingIn({ "accept-language": header });
      expect({ header, title: original.title, name: original.region.name }).toEqual({
        header,
        title: seeded.title,
        name: seeded.region.name,
      });
    }
    expect((await meetingIn({})).title).toBe(seeded.title);
  });

  it("lets a field's `lang` argument choose over the header, and lists what exists", async () => {
    const data = await ok<{
      meeting: { en: string; es: string; fr: string; summary: string; translations: unknown[] };
    }>(
      `query($slug: String!, $lang: Language) { meeting(slug: $slug) {
        en: title(lang: EN) es: title(lang: $lang) fr: title summary(lang: FR)
        translations { field language text }
      } }`,
      { slug: SEEDED, lang: "ES" },
      { "accept-language": "fr" },
    );
    expect(data.meeting).toEqual({
      en: seeded.title,
      es: "Reunión de Directores Generales",
      fr: "Réunion des directeurs généraux des douanes",
      summary: seeded.summary,
      translations: [
        { field: "summary", language: "ES", text: "Resumen en español." },
        { field: "title", language: "ES", text: "Reunión de Directores Generales" },
        { field: "title", language: "FR", text: "Réunion des directeurs généraux des douanes" },
      ],
    });
  });

  it("refuses what the rules do not allow, changing nothing", async () => {
    const title = { id: seeded.id, field: "title", language: "FR", text: "Titre" };
    await refused(SET, { input: { ...title, field: "slug" } }, "BAD_USER_INPUT", "input.field");
    await refused(SET, { input: { ...title, field: "focusAreas.1" } }, "BAD_USER_INPUT", "input.field");
    await refused(SET, { input: { ...title, text: "x".repeat(301) } }, "BAD_USER_INPUT", "input.text");
    await refused(SET, { input: { ...title, text: " \n\t " } }, "BAD_USER_INPUT", "input.text");
    await refused(SET, { input: { ...title, id: "not-an-id" } }, "BAD_USER_INPUT", "input.id");
    await refused(SET, { input: { ...title, language: "DE" } }, "BAD_USER_INPUT");
    await refused(SET, { input: { ...title, expectedVersion: 1 } }, "CONFLICT");
    const pillar = seeded.theme.pillars[0]!.id;
    await refused(SET, { input: { ...title, id: pillar, field: "focusAreas.9" } }, "BAD_USER_INPUT", "input.field");
    await refused(SET, { input: { ...title, id: pillar, field: "focusAreas.0" } }, "BAD_USER_INPUT", "input.field");
    // A person's name is the same in every language: people are not translated.
    const person = (await ok<{ people: { nodes: { id: string }[] } }>(`{ people(first: 1) { nodes { id } } }`)).people
      .nodes[0]!.id;
    await refused(SET, { input: { ...title, id: person, field: "name" } }, "BAD_USER_INPUT", "input.id");
    // An item with no summary has nothing to translate.
    const bare = seeded.agenda.find((item) => item.summary === null);
    if (bare)
      await refused(SET, { input: { ...title, id: bare.id, field: "summary" } }, "BAD_USER_INPUT", "input.field");
    // A meeting that does not exist (the seeded id's type, another number).
    const missing = Buffer.from("Meeting:999999").toString("base64url");
    await refused(SET, { input: { ...title, id: missing } }, "NOT_FOUND");
    await refused(REMOVE, { input: { id: seeded.id, field: "title", language: "EN" } }, "NOT_FOUND");
    await refused(REMOVE, { input: { id: seeded.id, field: "kind", language: "FR" } }, "BAD_USER_INPUT", "input.field");

    const before = await dumpDatabase(t.gateway.dataSource);
    expect(errorOf(await t.query(SET, { input: title })).extensions?.code).toBe("UNAUTHENTICATED");
    expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
  });

  it("removes a translation, audited: the field is answered as stored again", async () => {
    const removed = await ok<{ removeTranslation: { deletedId: string; cascaded: number } }>(REMOVE, {
      input: { id: seeded.region.id, field: "name", language: "FR" },
    });
    expect(removed.removeTranslation).toEqual({ deletedId: expect.any(String), cascaded: 0 });
    expect((await meetingIn({ "accept-language": "fr" })).region.name).toBe(seeded.region.name);
    const entry = await t.gateway.dataSource
      .getRepository(AuditEntry)
      .findOneByOrFail({ operation: "removeTranslation", entityType: "Translation" });
    expect(entry).toMatchObject({ actor: "Traductora", after: null, entityId: removed.removeTranslation.deletedId });
    expect(entry.before).toMatchObject({ entityType: "Region", field: "name", language: "fr" });
  });

  it("announces a translation's change to subscribers of the region of what it translates", async () => {
    const subscriber = new DirectorySubscriber(t.gateway.url);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // graphql-ws does not acknowledge subscriptions
      const item = await set({ id: seeded.agenda[1]!.id, field: "title", language: "ES", text: "Discurso" });
      const [change] = await subscriber.atLeast(1);
      expect(change).toEqual({
        operation: "setTranslation",
        regionCodes: ["AMERICAS_CARIBBEAN"],
        allRegions: false,
        entities: [{ typename: "Translation", id: item.id, change: "CREATED" }],
      });
      await ok(REMOVE, { input: { id: seeded.agenda[1]!.id, field: "title", language: "ES" } });
      const [, removed] = await subscriber.atLeast(2);
      expect(removed).toMatchObject({ operation: "removeTranslation", regionCodes: ["AMERICAS_CARIBBEAN"] });
    } finally {
      await subscriber.dispose();
    }
  });

  it("keeps cached responses apart by negotiated language, and says so in Vary", async () => {
    const body = JSON.stringify({ query: `{ meeting(slug: "${SEEDED}") { title } }` });
    const post = async (language?: string) => {
      const response = await fetch(t.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(language ? { "accept-language": language } : {}) },
        body,
      });
      const json = (await response.json()) as GraphQLResponse<{ meeting: { title: string } }>;
      return {
        cache: response.headers.get("x-cache"),
        vary: response.headers.get("vary"),
        title: dataOf(json).meeting.title,
      };
    };
    const spanish = "Reunión de Directores Generales";
    const french = "Réunion des directeurs généraux des douanes";
    expect(await post("es")).toEqual({ cache: "MISS", vary: "Accept, Accept-Language", title: spanish });
    expect(await post("fr")).toEqual({ cache: "MISS", vary: "Accept, Accept-Language", title: french });
    expect(await post()).toEqual({ cache: "MISS", vary: "Accept, Accept-Language", title: seeded.title });
    // Another spelling of the same choice shares the entry; a language with no translations shares the original's.
    expect(await post("es-PE,es;q=0.9")).toMatchObject({ cache: "HIT", title: spanish });
    expect(await post("fr-FR")).toMatchObject({ cache: "HIT", title: french });
    expect(await post("de")).toMatchObject({ cache: "HIT", title: seeded.title });
    // A change empties the cache, in every language.
    await set({ id: seeded.id, field: "title", language: "ES", text: "Reunión Regional" });
    expect(await post("es-PE")).toEqual({ cache: "MISS", vary: "Accept, Accept-Language", title: "Reunión Regional" });
  });

  it("answers one persisted query in each language, cached apart", async () => {
    const query = `query Title($slug: String!) { meeting(slug: $slug) { title } }`;
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    // Registered once (APQ: the document with its hash), then sent as the hash alone, over GET.
    dataOf(
      (await (
        await fetch(t.gateway.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query, variables: { slug: SEEDED }, extensions }),
        })
      ).json()) as GraphQLResponse,
    );
    const search = new URLSearchParams({
      variables: JSON.stringify({ slug: SEEDED }),
      extensions: JSON.stringify(extensions),
    });
    const get = async (language: string) => {
      const response = await fetch(`${t.gateway.url}?${search}`, {
        headers: { "apollo-require-preflight": "true", "accept-language": language },
      });
      const json = (await response.json()) as GraphQLResponse<{ meeting: { title: string } }>;
      return { cache: response.headers.get("x-cache"), title: dataOf(json).meeting.title };
    };
    expect(await get("fr")).toEqual({ cache: "MISS", title: "Réunion des directeurs généraux des douanes" });
    expect(await get("es")).toEqual({ cache: "MISS", title: "Reunión Regional" });
    expect(await get("fr-BE")).toEqual({ cache: "HIT", title: "Réunion des directeurs généraux des douanes" });
  });

  it("writes translations in the directory file and reads them back: export → import → export, the same bytes", async () => {
    const file = (await ok<{ exportDirectory: Record<string, unknown> }>(EXPORT, {}, admin)).exportDirectory;
    expect(file.translations).toEqual([
      { type: "Meeting", key: SEEDED, field: "summary", language: "es", text: "Resumen en español." },
      { type: "Meeting", key: SEEDED, field: "title", language: "es", text: "Reunión Regional" },
      {
        type: "Meeting",
        key: SEEDED,
        field: "title",
        language: "fr",
        text: "Réunion des directeurs généraux des douanes",
      },
      { type: "AgendaItem", key: `${SEEDED}/1`, field: "title", language: "fr", text: "Ouverture" },
      {
        type: "ThemePillar",
        key: "2021/Recovery",
        field: "focusAreas.2",
        language: "es",
        text: "Comercio electrónico",
      },
      { type: "ThemePillar", key: "2021/Recovery", field: "name", language: "es", text: "Recuperación" },
    ]);
    const other = await startTestGateway();
    try {
      const otherAdmin = { authorization: `Bearer ${await other.createToken("admin")}` };
      dataOf(await other.query(IMPORT, { input: { directory: file } }, otherAdmin));
      const again = dataOf(await other.query<{ exportDirectory: unknown }>(EXPORT, {}, otherAdmin)).exportDirectory;
      expect(JSON.stringify(again)).toBe(JSON.stringify(file));
      const meeting = dataOf(
        await other.query<MeetingData>(MEETING, { slug: SEEDED }, { "accept-language": "es" }),
      ).meeting;
      expect(meeting.title).toBe("Reunión Regional");
      // Importing it again changes nothing.
      const repeat = dataOf(
        await other.query<{ importDirectory: { totalChanges: number } }>(
          IMPORT,
          { input: { directory: file } },
          otherAdmin,
        ),
      );
      expect(repeat.importDirectory.totalChanges).toBe(0);
    } finally {
      await other.stop();
    }
  });

  it("refuses a file whose translations break the rules, changing nothing", async () => {
    const file = (await ok<{ exportDirectory: Record<string, unknown> }>(EXPORT, {}, admin)).exportDirectory;
    const cases: [Record<string, unknown>, string][] = [
      [
        { type: "Meeting", key: "no-such-meeting", field: "title", language: "fr", text: "x" },
        "input.directory.translations[0].key",
      ],
      [
        { type: "Meeting", key: SEEDED, field: "slug", language: "fr", text: "x" },
        "input.directory.translations[0].field",
      ],
      [
        { type: "Meeting", key: SEEDED, field: "title", language: "fr", text: "x".repeat(301) },
        "input.directory.translations[0].text",
      ],
      [
        { type: "Person", key: "kunio-mikuriya", field: "name", language: "fr", text: "x" },
        "input.directory.translations[0].type",
      ],
      [
        { type: "Meeting", key: SEEDED, field: "title", language: "de", text: "x" },
        "input.directory.translations[0].language",
      ],
    ];
    for (const [record, path] of cases) {
      const before = await dumpDatabase(t.gateway.dataSource);
      const error = errorOf(
        await t.query(IMPORT, { input: { directory: { ...file, translations: [record] } } }, admin),
      );
      expect({ path, code: error.extensions?.code }).toEqual({ path, code: "BAD_USER_INPUT" });
      expect(error.extensions?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      expect(await dumpDatabase(t.gateway.dataSource)).toEqual(before);
    }
  });

  it("removes an object's translations with it: by mutation, by foreign-key cascade, by a restated list", async () => {
    const dataSource = t.gateway.dataSource;
    const file = syntheticDirectory({ meetings: 1, agendaItems: 2, slugPrefix: "gone" });
    dataOf(await t.query(IMPORT, { input: { directory: file } }, admin));
    const slug = file.meetings[0]!.slug;
    const meeting = await meetingIn({}, slug);
    await set({ id: meeting.id, field: "title", language: "FR", text: "Réunion supprimée" });
    await set({ id: meeting.agenda[1]!.id, field: "title", language: "ES", text: "Punto suprimido" });
    const kept = await storedTranslations(dataSource);
    expect(kept).toEqual(
      expect.arrayContaining(["Meeting.title.fr=Réunion supprimée", "AgendaItem.title.es=Punto suprimido"]),
    );
    // A text cleared (set to null) loses its translations; the others stay.
    const UPDATE_MEETING = `mutation($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { summary } } }`;
    await ok(UPDATE_MEETING, { input: { id: meeting.id, summary: "A summary to translate." } });
    await set({ id: meeting.id, field: "summary", language: "ES", text: "Un resumen." });
    expect(await storedTranslations(dataSource)).toContain("Meeting.summary.es=Un resumen.");
    await ok(UPDATE_MEETING, { input: { id: meeting.id, summary: "Another summary." } });
    expect(await storedTranslations(dataSource)).toContain("Meeting.summary.es=Un resumen.");
    await ok(UPDATE_MEETING, { input: { id: meeting.id, summary: null } });
    expect(await storedTranslations(dataSource)).toEqual(kept);
    // Deleting the meeting deletes its agenda items by the foreign key's cascade: both triggers fire.
    dataOf(
      await t.query(
        `mutation($id: ID!) { deleteMeeting(input: { id: $id }) { deletedId } }`,
        { id: meeting.id },
        editor,
      ),
    );
    expect(await storedTranslations(dataSource)).toEqual(
      kept.filter(
        (row) => row !== "Meeting.title.fr=Réunion supprimée" && row !== "AgendaItem.title.es=Punto suprimido",
      ),
    );

    // Restating a pillar's focus areas replaces them: the translations of the old ones go.
    const pillar = seeded.theme.pillars[0]!;
    dataOf(
      await t.query(
        `mutation($input: UpdateThemePillarInput!) { updateThemePillar(input: $input) { pillar { focusAreas } } }`,
        { input: { id: pillar.id, focusAreas: pillar.focusAreas } },
        editor,
      ),
    );
    expect(await storedTranslations(dataSource)).not.toContain("ThemePillar.focusAreas.2.es=Comercio electrónico");
    expect(await storedTranslations(dataSource)).toContain("ThemePillar.name.es=Recuperación");
  });

  it("reads translations in one query per type and language, whatever the page's size; none without a language", async () => {
    const dataSource = t.gateway.dataSource;
    const file = syntheticDirectory({ meetings: 50, agendaItems: 3, slugPrefix: "batch" });
    dataOf(await t.query(IMPORT, { input: { directory: file } }, admin));
    const ids = dataOf(
      await t.query<{ meetings: { nodes: { id: string; agenda: { id: string }[] }[] } }>(
        `{ meetings(first: 50, filter: { titleContains: "Synthetic" }) { nodes { id agenda { id } } } }`,
      ),
    ).meetings.nodes;
    for (const [i, node] of ids.entries()) {
      if (i % 2) continue;
      await set({ id: node.id, field: "title", language: "FR", text: `Réunion ${i}` });
      await set({ id: node.agenda[0]!.id, field: "title", language: "FR", text: `Point ${i}` });
    }
    const PAGE = `query($first: Int!) { meetings(first: $first, filter: { titleContains: "Synthetic" }) {
      nodes { title summary translations { text } region { name } host { name shortName countryName }
        theme { title pillars { name focusAreas } } agenda { title summary topics { name } } } } }`;
    const count = async (first: number, headers: Record<string, string>) => {
      const { result, statements } = await t.countSql(() =>
        t.query<{ meetings: { nodes: { title: string }[] } }>(PAGE, { first }, headers),
      );
      const nodes = dataOf(result).meetings.nodes;
      expect(nodes).toHaveLength(first);
      return { statements, translated: nodes.filter((node) => node.title.startsWith("Réunion")).length };
    };
    const plain10 = await count(10, {});
    const plain50 = await count(50, {});
    const french10 = await count(10, { "accept-language": "fr" });
    const french50 = await count(50, { "accept-language": "fr" });
    expect(plain10.translated).toBe(0);
    expect(french50.translated).toBe(25);
    expect(plain50.statements).toBe(plain10.statements);
    expect(french50.statements).toBe(french10.statements);
    // In French: one query per translated type read (Meeting, Region, Member, AnnualTheme, ThemePillar,
    // AgendaItem, Topic); `translations` lists Meeting's once more. Without a language: only that list.
    expect(french10.statements - plain10.statements).toBe(7);
    void dataSource;
  });
});
