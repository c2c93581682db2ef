import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { In } from "typeorm";
import type { DataSource } from "typeorm";
import type { Snapshot } from "../../platform/db/audit-entry.entity";
import type { FieldProblem } from "../../common/errors";
import type { DirectorySection, DirectorySectionImport } from "../../platform/directory-section";
import type { Actor } from "../../platform/db/mutation";
import { MutationRunner, parkMovingRows } from "../../platform/db/mutation";
import { AgendaItem, AgendaItemSpeaker, AgendaItemTopic, Topic } from "../agenda/agenda-item.entity";
import { pillarNotOfTheme } from "../agenda/agenda.rules";
import { Meeting } from "../meeting/meeting.entity";
import { MeetingFormat, MeetingStatus } from "../meeting/meeting.enums";
import { Participation } from "../meeting/participation.entity";
import { MeetingSource, Source } from "../meeting/source.entity";
import { Member } from "../member/member.entity";
import { Organisation } from "../member/organisation.entity";
import { Appointment } from "../person/appointment.entity";
import { Person } from "../person/person.entity";
import { Region } from "../region/region.entity";
import { AnnualTheme } from "../theme/annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "../theme/theme-pillar.entity";
import { DirectoryConflictError, findImportConflicts, restatedAgendasOf } from "./directory-conflicts";
import type { AgendaItemRecord, DirectoryFile, MeetingRecord, PersonRecord, ThemeRecord } from "./directory-file";
import { DirectoryValidationError } from "./directory-validation";

export interface ChangeCount {
  entity: string;
  created: number;
  updated: number;
  deleted: number;
}

/** What applying a file changed (or, in a dry run, would change), per entity type. */
export class ChangeReport {
  private readonly counts = new Map<string, ChangeCount>();

  record(entity: string, kind: "created" | "updated" | "deleted", n = 1): void {
    if (n === 0) return;
    let count = this.counts.get(entity);
    if (!count) this.counts.set(entity, (count = { entity, created: 0, updated: 0, deleted: 0 }));
    count[kind] += n;
  }

  get entries(): ChangeCount[] {
    return [...this.counts.values()].sort((a, b) => a.entity.localeCompare(b.entity));
  }

  get total(): number {
    return this.entries.reduce((sum, c) => sum + c.created + c.updated + c.deleted, 0);
  }
}

const sourceKey = (title: string, publishedOn: string) => `${publishedOn}\u0000${title}`;

function differs<T extends ObjectLiteral>(row: T, values: Partial<T>): boolean {
  return Object.entries(values).some(([key, value]) => (row[key] ?? null) !== (value ?? null));
}

/**
 * Runs independent statements of one transaction. On SQLite they are issued together: the driver runs them
 * in turn on its own thread while this one prepares the next. On PostgreSQL one after another: a
 * transaction is one client, which node-postgres would only queue (and deprecates overlapping queries on).
 */
async function together(em: EntityManager, statements: (() => Promise<unknown>)[]): Promise<void> {
  if (em.connection.options.type !== "postgres") {
    await Promise.all(statements.map((statement) => statement()));
    return;
  }
  for (const statement of statements) await statement();
}

/** SQLite accepts up to 32,766 bound parameters per statement (PostgreSQL 65,535); stay well below. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts many rows with as few multi-row INSERT statements as the parameter limit allows. The SQL is
 * built here rather than by TypeORM's InsertQueryBuilder, whose per-parameter bookkeeping dominated large
 * imports; the statement is the same portable `INSERT … VALUES (…), (…)` on SQLite and PostgreSQL.
 * Columns the rows omit take their defaults (timestamps); a versioned entity starts at version 1.
 */
async function insertMany<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<void> {
  if (!rows.length) return;
  const metadata = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = Object.keys(rows[0]!).map((property) => metadata.findColumnWithPropertyName(property)!);
  const names = columns.map((column) => driver.escape(column.databaseName));
  const version = metadata.versionColumn;
  if (version) names.push(driver.escape(version.databaseName));
  const perRow = names.length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  const postgres = em.connection.options.type === "postgres";
  for (let start = 0; start < rows.length; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = part.map((row) => {
      const placeholders = columns.map((column) => {
        values.push(row[column.propertyName] ?? null);
        return postgres ? `$${values.length}` : "?";
      });
      if (version) {
        values.push(1);
        placeholders.push(postgres ? `$${values.length}` : "?");
      }
      return `(${placeholders.join(", ")})`;
    });
    await em.query(
      `INSERT INTO ${driver.escape(metadata.tableName)} (${names.join(", ")}) VALUES ${tuples.join(", ")}`,
      values,
    );
  }
}

/** New meetings of one chunk of the file, with their paths in it. */
type MeetingBatch = { record: MeetingRecord; path: string }[];

/** The people a batch of meeting records names: conveners, participants, speakers. */
function peopleNamedBy(batch: MeetingBatch): string[] {
  return batch.flatMap(({ record }) => [
    ...(record.convener ? [record.convener] : []),
    ...(record.participants ?? []).map((p) => p.person),
    ...(record.agenda ?? []).flatMap((item) => item.speakers),
  ]);
}

const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Applies a validated directory file inside one transaction. Records are matched by natural key and
 * written only where they differ, so applying the same file twice changes nothing the second time.
 * Unresolvable references are collected and reported together; any problem aborts the whole file.
 */
class DirectoryApplier {
  readonly report = new ChangeReport();
  private readonly problems: FieldProblem[] = [];
  private readonly regions = new Map<string, Region>();
  private readonly members = new Map<string, Member>();
  private readonly organisations = new Map<string, Organisation>();
  private readonly people = new Map<string, Person>();
  private readonly themes = new Map<number, AnnualTheme>();
  private readonly sources = new Map<string, Source>();
  private readonly topics = new Map<string, Topic>();
  private readonly pillarsByTheme = new Map<number, Map<string, number>>();
  /** Meetings whose agenda the file restates: their stored items are replaced, so they may lose a pillar. */
  private restatedAgendas = new Set<string>();
  /** Agenda items unlinked from a pillar the file removes, with that pillar: their agenda is restated later. */
  private readonly unlinkedPillars = new Map<number, number>();
  /** The import of each feature's section (src/platform/directory-section.ts), by its key. */
  private readonly sectionImports: { key: string; import: DirectorySectionImport }[];

  constructor(
    private readonly em: EntityManager,
    private readonly sections: readonly DirectorySection[],
    private readonly onProgress?: (done: number, total: number) => void,
  ) {
    const context = {
      em,
      upsert: this.upsert.bind(this),
      problems: this.problems,
    };
    this.sectionImports = sections.map((section) => ({ key: section.key, import: section.importer(context) }));
  }

  async apply(file: DirectoryFile): Promise<void> {
    // Before any write: a file that would remove what stored data still refers to is refused whole.
    const { conflicts, problems } = await findImportConflicts(this.em, file, this.sections);
    if (problems.length) throw new DirectoryValidationError(problems);
    if (conflicts.length) throw new DirectoryConflictError(conflicts);
    this.restatedAgendas = restatedAgendasOf(file);
    await this.applyRegions(file);
    await this.applyOrganisations(file);
    await this.applyMembers(file);
    await this.applyPeople(file);
    await this.applyThemes(file);
    await this.applySources(file);
    for (const section of this.sectionImports) await section.import.apply(file[section.key], file);
    for (const section of this.sectionImports) await section.import.beforeMeetings?.(file);
    await this.applyMeetings(file);
    if (this.problems.length) throw new DirectoryValidationError(this.problems);
  }

  private problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  private async findIn<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    key: keyof T & string,
    values: unknown[],
  ): Promise<T[]> {
    const rows: T[] = [];
    for (const chunk of chunks([...new Set(values)])) {
      rows.push(...(await this.em.find(entity, { where: { [key]: In(chunk) } as never })));
    }
    return rows;
  }

  /** A few columns of the rows whose `key` is in `values`, read raw: no entity hydration for bulk lookups. */
  private async idsWhereIn<R>(
    entity: EntityTarget<ObjectLiteral>,
    columns: string[],
    key: string,
    values: unknown[],
  ): Promise<R[]> {
    const rows: R[] = [];
    for (const chunk of chunks([...new Set(values)])) {
      const qb = this.em.createQueryBuilder(entity, "row");
      columns.forEach((column, i) => (i ? qb.addSelect(`row.${column}`, column) : qb.select(`row.${column}`, column)));
      const raw = await qb.where(`row.${key} IN (:...values)`, { values: chunk }).getRawMany<Record<string, unknown>>();
      rows.push(...raw.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])) as R));
    }
    return rows;
  }

  /** Inserts the row, or updates the columns that differ; returns the stored row. */
  private async upsert<T extends ObjectLiteral & { id: number }>(
    entity: EntityTarget<T>,
    name: string,
    existing: T | undefined,
    values: Partial<T>,
  ): Promise<T> {
    if (!existing) {
      const row = this.em.create(entity, values as T);
      await this.em.insert(entity, row as never);
      this.report.record(name, "created");
      return row;
    }
    if (differs(existing, values)) {
      await this.em.update(entity, existing.id, values as never);
      Object.assign(existing, values);
      this.report.record(name, "updated");
    }
    return existing;
  }

  private async resolve<T>(
    cache: Map<string, T>,
    key: string | null | undefined,
    path: string,
    what: string,
    load: () => Promise<T | null>,
  ): Promise<T | null> {
    if (key === null || key === undefined) return null;
    let row = cache.get(key);
    if (!row) {
      row = (await load()) ?? undefined;
      if (row) cache.set(key, row);
    }
    if (!row) this.problem(path, `${what} ${key} does not exist in the file or the directory`);
    return row ?? null;
  }

  private region(code: string | null | undefined, path: string) {
    return this.resolve(this.regions, code, path, "region", () => this.em.findOneBy(Region, { code: code! }));
  }
  private member(isoCode: string | null | undefined, path: string) {
    return this.resolve(this.members, isoCode, path, "member", () => this.em.findOneBy(Member, { isoCode: isoCode! }));
  }
  private organisation(slug: string | null | undefined, path: string) {
    return this.resolve(this.organisations, slug, path, "organisation", () =>
      this.em.findOneBy(Organisation, { slug: slug! }),
    );
  }
  private person(slug: string | null | undefined, path: string) {
    return this.resolve(this.people, slug, path, "person", () => this.em.findOneBy(Person, { slug: slug! }));
  }
  private async theme(year: number | null | undefined, path: string): Promise<AnnualTheme | null> {
    if (year === null || year === undefined) return null;
    const theme = this.themes.get(year) ?? (await this.em.findOneBy(AnnualTheme, { year }));
    if (!theme) {
      this.problem(path, `theme of ${year} does not exist in the file or the directory`);
      return null;
    }
    this.themes.set(year, theme);
    return theme;
  }

  private async applyRegions(file: DirectoryFile): Promise<void> {
    if (!file.regions) return;
    const existing = new Map(
      (
        await this.findIn(
          Region,
          "code",
          file.regions.map((r) => r.code),
        )
      ).map((r) => [r.code, r]),
    );
    for (const record of file.regions) {
      this.regions.set(
        record.code,
        await this.upsert(Region, "Region", existing.get(record.code), { code: record.code, name: record.name }),
      );
    }
  }

  private async applyOrganisations(file: DirectoryFile): Promise<void> {
    if (!file.organisations) return;
    const existing = new Map(
      (
        await this.findIn(
          Organisation,
          "slug",
          file.organisations.map((o) => o.slug),
        )
      ).map((o) => [o.slug, o]),
    );
    for (const record of file.organisations) {
      const values = {
        slug: record.slug,
        name: record.name,
        shortName: record.shortName ?? null,
        kind: record.kind,
        countryName: record.countryName ?? null,
      };
      this.organisations.set(
        record.slug,
        await this.upsert(Organisation, "Organisation", existing.get(record.slug), values),
      );
    }
  }

  private async applyMembers(file: DirectoryFile): Promise<void> {
    if (!file.members) return;
    const existing = new Map(
      (
        await this.findIn(
          Member,
          "isoCode",
          file.members.map((m) => m.isoCode),
        )
      ).map((m) => [m.isoCode, m]),
    );
    for (const [i, record] of file.members.entries()) {
      const region = await this.region(record.region, `members[${i}].region`);
      if (!region) continue;
      const values = {
        isoCode: record.isoCode,
        name: record.name,
        shortName: record.shortName ?? null,
        countryName: record.countryName,
        regionId: region.id,
      };
      this.members.set(record.isoCode, await this.upsert(Member, "Member", existing.get(record.isoCode), values));
    }
  }

  private async applyPeople(file: DirectoryFile): Promise<void> {
    if (!file.people) return;
    const existing = new Map(
      (
        await this.findIn(
          Person,
          "slug",
          file.people.map((p) => p.slug),
        )
      ).map((p) => [p.slug, p]),
    );
    for (const record of file.people) {
      const values = { slug: record.slug, name: record.name, honorific: record.honorific ?? null };
      this.people.set(record.slug, await this.upsert(Person, "Person", existing.get(record.slug), values));
    }
    for (const [i, record] of file.people.entries()) {
      if (record.appointments) await this.syncAppointments(this.people.get(record.slug)!, record, `people[${i}]`);
    }
  }

  private async syncAppointments(person: Person, record: PersonRecord, path: string): Promise<void> {
    const stored = await this.em.find(Appointment, { where: { personId: person.id }, order: { id: "ASC" } });
    const unmatched = new Set(stored);
    for (const [j, appointment] of (record.appointments ?? []).entries()) {
      const at = `${path}.appointments[${j}]`;
      const member = await this.member(appointment.member, `${at}.member`);
      const organisation = await this.organisation(appointment.organisation, `${at}.organisation`);
      const region = await this.region(appointment.region, `${at}.region`);
      const values = {
        personId: person.id,
        title: appointment.title,
        kind: appointment.kind,
        memberId: member?.id ?? null,
        organisationId: organisation?.id ?? null,
        regionId: region?.id ?? null,
        startDate: appointment.startDate ?? null,
        endDate: appointment.endDate ?? null,
      };
      const match = [...unmatched].find(
        (a) =>
          a.title === values.title &&
          a.kind === values.kind &&
          a.memberId === values.memberId &&
          a.organisationId === values.organisationId &&
          a.regionId === values.regionId,
      );
      if (match) unmatched.delete(match);
      await this.upsert(Appointment, "Appointment", match, values);
    }
    if (unmatched.size) {
      await this.em.delete(
        Appointment,
        [...unmatched].map((a) => a.id),
      );
      this.report.record("Appointment", "deleted", unmatched.size);
    }
  }

  private async applyThemes(file: DirectoryFile): Promise<void> {
    if (!file.themes) return;
    const existing = new Map(
      (
        await this.findIn(
          AnnualTheme,
          "year",
          file.themes.map((t) => t.year),
        )
      ).map((t) => [t.year, t]),
    );
    for (const record of file.themes) {
      const theme = await this.upsert(AnnualTheme, "AnnualTheme", existing.get(record.year), {
        year: record.year,
        title: record.title,
      });
      this.themes.set(record.year, theme);
      if (record.pillars) await this.syncPillars(theme, record);
    }
  }

  private async syncPillars(theme: AnnualTheme, record: ThemeRecord): Promise<void> {
    const stored = new Map((await this.em.find(ThemePillar, { where: { themeId: theme.id } })).map((p) => [p.name, p]));
    const wanted = record.pillars ?? [];
    const removed = [...stored.values()].filter((p) => !wanted.some((w) => w.name === p.name));
    if (removed.length) {
      await this.unlinkRestatedItems(removed.map((p) => p.id));
      await this.em.delete(
        ThemePillar,
        removed.map((p) => p.id),
      );
      this.report.record("ThemePillar", "deleted", removed.length);
    }
    // Positions are unique per theme: moved pillars are parked first, as the mutations move them.
    const moved = wanted.filter((w, i) => stored.has(w.name) && stored.get(w.name)!.position !== i + 1);
    await parkMovingRows(
      this.em,
      ThemePillar,
      moved.map((w) => stored.get(w.name)!.id),
    );
    for (const [i, pillarRecord] of wanted.entries()) {
      const current = stored.get(pillarRecord.name);
      if (current && moved.includes(pillarRecord)) current.position = -1;
      const pillar = await this.upsert(ThemePillar, "ThemePillar", current, {
        themeId: theme.id,
        name: pillarRecord.name,
        position: i + 1,
      });
      await this.syncFocusAreas(pillar, pillarRecord.focusAreas);
    }
  }

  /**
   * Unlinks the removed pillars from the agenda items that serve them. findImportConflicts has made sure each
   * such item belongs to a meeting whose agenda the file restates, so syncAgenda gives it its final pillar (or
   * none) later; it is told the pillar it had, to count the item as changed only if it did change.
   */
  private async unlinkRestatedItems(pillarIds: number[]): Promise<void> {
    const items = await this.idsWhereIn<{ id: number; pillarId: number; meetingId: number }>(
      AgendaItem,
      ["id", "pillarId", "meetingId"],
      "pillarId",
      pillarIds,
    );
    if (!items.length) return;
    const slugs = new Map(
      (
        await this.idsWhereIn<{ id: number; slug: string }>(
          Meeting,
          ["id", "slug"],
          "id",
          items.map((item) => item.meetingId),
        )
      ).map((meeting) => [Number(meeting.id), meeting.slug]),
    );
    const restated = items.filter((item) => this.restatedAgendas.has(slugs.get(Number(item.meetingId))!));
    for (const item of restated) this.unlinkedPillars.set(Number(item.id), Number(item.pillarId));
    for (const chunk of chunks(restated.map((item) => Number(item.id))))
      await this.em.update(AgendaItem, chunk, { pillarId: null });
  }

  private async syncFocusAreas(pillar: ThemePillar, descriptions: string[]): Promise<void> {
    const stored = new Map(
      (await this.em.find(ThemePillarFocusArea, { where: { pillarId: pillar.id } })).map((a) => [a.position, a]),
    );
    for (const [i, description] of descriptions.entries()) {
      const current = stored.get(i + 1);
      stored.delete(i + 1);
      if (!current) {
        await this.em.insert(ThemePillarFocusArea, { pillarId: pillar.id, position: i + 1, description });
        this.report.record("ThemePillarFocusArea", "created");
      } else if (current.description !== description) {
        await this.em.update(ThemePillarFocusArea, current.id, { description });
        this.report.record("ThemePillarFocusArea", "updated");
      }
    }
    if (stored.size) {
      await this.em.delete(
        ThemePillarFocusArea,
        [...stored.values()].map((a) => a.id),
      );
      this.report.record("ThemePillarFocusArea", "deleted", stored.size);
    }
  }

  private async applySources(file: DirectoryFile): Promise<void> {
    if (!file.sources) return;
    for (const record of file.sources) {
      const key = sourceKey(record.title, record.publishedOn);
      const existing = await this.em.findOneBy(Source, { title: record.title, publishedOn: record.publishedOn });
      const values = {
        title: record.title,
        publisher: record.publisher,
        publishedOn: record.publishedOn,
        language: record.language,
        url: record.url ?? null,
      };
      this.sources.set(key, await this.upsert(Source, "Source", existing ?? undefined, values));
    }
  }

  private async applyMeetings(file: DirectoryFile): Promise<void> {
    if (!file.meetings) return;
    let offset = 0;
    for (const records of chunks(file.meetings)) {
      const stored = await this.em.find(Meeting, { where: { slug: In(records.map((m) => m.slug)) } });
      const existing = new Map(stored.map((m) => [m.slug, m]));
      const fresh: MeetingBatch = [];
      for (const [i, record] of records.entries()) {
        const path = `meetings[${offset + i}]`;
        const current = existing.get(record.slug);
        if (current) await this.applyMeeting(record, current, path);
        else fresh.push({ record, path });
      }
      if (fresh.length) await this.insertMeetings(fresh);
      offset += records.length;
      this.onProgress?.(offset, file.meetings.length);
    }
  }

  /** Loads, in one query, the people a batch refers to that are not cached yet. */
  private async preloadPeople(slugs: Iterable<string>): Promise<void> {
    const missing = [...new Set(slugs)].filter((slug) => !this.people.has(slug));
    for (const person of await this.findIn(Person, "slug", missing)) this.people.set(person.slug, person);
  }

  private async pillarIdsOf(themeId: number): Promise<Map<string, number>> {
    let pillars = this.pillarsByTheme.get(themeId);
    if (!pillars) {
      pillars = new Map((await this.em.find(ThemePillar, { where: { themeId } })).map((p) => [p.name, p.id]));
      this.pillarsByTheme.set(themeId, pillars);
    }
    return pillars;
  }

  /** Resolves topic names to ids, creating the missing topics with one multi-row insert. */
  private async topicIds(names: Iterable<string>): Promise<Map<string, number>> {
    const wanted = [...new Set(names)];
    const unknown = wanted.filter((name) => !this.topics.has(name));
    for (const topic of await this.findIn(Topic, "name", unknown)) this.topics.set(topic.name, topic);
    const created = unknown.filter((name) => !this.topics.has(name));
    if (created.length) {
      await insertMany(
        this.em,
        Topic,
        created.map((name) => ({ name })),
      );
      for (const topic of await this.findIn(Topic, "name", created)) this.topics.set(topic.name, topic);
      this.report.record("Topic", "created", created.length);
    }
    return new Map(wanted.map((name) => [name, this.topics.get(name)!.id]));
  }

  /**
   * Inserts meetings that do not exist yet, with everything that belongs to them, in a handful of
   * multi-row statements per batch instead of one statement per row: what makes large imports fast.
   */
  private async insertMeetings(batch: MeetingBatch): Promise<void> {
    await this.preloadPeople(peopleNamedBy(batch));
    const { rows, themeIds } = await this.meetingRows(batch);
    const sourceIds: number[][] = [];
    for (const { record, path } of batch) sourceIds.push(await this.sourceIdsOf(record, path));
    const pillarMaps = await this.pillarMapsOf(themeIds);
    this.checkAgendaPillars(batch, pillarMaps);
    if (this.problems.length) return;

    const meetingIds = await this.insertMeetingRows(rows);
    const idOf = (m: number) => meetingIds.get(batch[m]!.record.slug)!;
    await this.insertParticipantsAndAgenda(batch, idOf, pillarMaps);
    const itemIds = await this.agendaItemIdsOf([...meetingIds.values()]);
    const itemIdOf = (m: number, i: number) => itemIds.get(`${idOf(m)}/${i + 1}`)!;
    await this.insertMeetingLinks(batch, idOf, itemIdOf, sourceIds);
  }

  /** The batch's meeting rows, with the id of each one's theme (null: none, or a problem recorded). */
  private async meetingRows(batch: MeetingBatch): Promise<{ rows: Partial<Meeting>[]; themeIds: (number | null)[] }> {
    const rows: Partial<Meeting>[] = [];
    const themeIds: (number | null)[] = [];
    for (const { record, path } of batch) {
      const { values, theme } = await this.meetingValues(record, path);
      themeIds.push(theme?.id ?? null);
      rows.push(values);
    }
    return { rows, themeIds };
  }

  /** The pillars of each meeting's theme, by name (none without a theme). */
  private async pillarMapsOf(themeIds: (number | null)[]): Promise<Map<string, number>[]> {
    const pillarMaps: Map<string, number>[] = [];
    for (const id of themeIds) pillarMaps.push(id === null ? new Map<string, number>() : await this.pillarIdsOf(id));
    return pillarMaps;
  }

  /** Records a problem for each agenda item serving a pillar its meeting's theme does not have. */
  private checkAgendaPillars(batch: MeetingBatch, pillarMaps: Map<string, number>[]): void {
    batch.forEach(({ record, path }, m) =>
      (record.agenda ?? []).forEach((item, i) => {
        if (item.pillar && !pillarMaps[m]!.has(item.pillar))
          this.problems.push(pillarNotOfTheme(`${path}.agenda[${i}].pillar`));
      }),
    );
  }

  /** Inserts the meeting rows and returns their new ids by slug. */
  private async insertMeetingRows(rows: Partial<Meeting>[]): Promise<Map<string, number>> {
    await insertMany(this.em, Meeting, rows);
    const meetingIds = new Map(
      (
        await this.idsWhereIn<{ id: number; slug: string }>(
          Meeting,
          ["id", "slug"],
          "slug",
          rows.map((r) => r.slug!),
        )
      ).map((meeting) => [meeting.slug, meeting.id]),
    );
    this.report.record("Meeting", "created", rows.length);
    return meetingIds;
  }

  /** Inserts the new meetings' participations and agenda items. */
  private async insertParticipantsAndAgenda(
    batch: MeetingBatch,
    idOf: (m: number) => number,
    pillarMaps: Map<string, number>[],
  ): Promise<void> {
    const participations = batch.flatMap(({ record }, m) =>
      (record.participants ?? []).map((p) => ({
        meetingId: idOf(m),
        personId: this.people.get(p.person)!.id,
        role: p.role,
      })),
    );
    const items = batch.flatMap(({ record }, m) =>
      (record.agenda ?? []).map((item, i) => ({
        meetingId: idOf(m),
        position: i + 1,
        title: item.title,
        kind: item.kind,
        summary: item.summary ?? null,
        pillarId: item.pillar ? pillarMaps[m]!.get(item.pillar)! : null,
      })),
    );
    await together(this.em, [
      () => insertMany(this.em, Participation, participations),
      () => insertMany(this.em, AgendaItem, items),
    ]);
    this.report.record("Participation", "created", participations.length);
    this.report.record("AgendaItem", "created", items.length);
  }

  /** The ids of the agenda items of `meetingIds`, by `meetingId/position`. */
  private async agendaItemIdsOf(meetingIds: number[]): Promise<Map<string, number>> {
    return new Map(
      (
        await this.idsWhereIn<{ id: number; meetingId: number; position: number }>(
          AgendaItem,
          ["id", "meetingId", "position"],
          "meetingId",
          meetingIds,
        )
      ).map((item) => [`${item.meetingId}/${item.position}`, item.id]),
    );
  }

  /** Inserts the new agenda items' speakers and topics, and the new meetings' sources. */
  private async insertMeetingLinks(
    batch: MeetingBatch,
    idOf: (m: number) => number,
    itemIdOf: (m: number, i: number) => number,
    sourceIds: number[][],
  ): Promise<void> {
    const speakers = batch.flatMap(({ record }, m) =>
      (record.agenda ?? []).flatMap((item, i) =>
        item.speakers.map((slug, k) => ({
          agendaItemId: itemIdOf(m, i),
          personId: this.people.get(slug)!.id,
          position: k + 1,
        })),
      ),
    );
    const topicIds = await this.topicIds(
      batch.flatMap(({ record }) => (record.agenda ?? []).flatMap((item) => item.topics)),
    );
    const topics = batch.flatMap(({ record }, m) =>
      (record.agenda ?? []).flatMap((item, i) =>
        item.topics.map((name) => ({ agendaItemId: itemIdOf(m, i), topicId: topicIds.get(name)! })),
      ),
    );
    const links = sourceIds.flatMap((ids, m) => ids.map((sourceId) => ({ meetingId: idOf(m), sourceId })));
    await together(this.em, [
      () => insertMany(this.em, AgendaItemSpeaker, speakers),
      () => insertMany(this.em, AgendaItemTopic, topics),
      () => insertMany(this.em, MeetingSource, links),
    ]);
    if (speakers.length)
      this.report.record("AgendaItemSpeaker", "updated", new Set(speakers.map((s) => s.agendaItemId)).size);
    if (topics.length)
      this.report.record("AgendaItemTopic", "updated", new Set(topics.map((t) => t.agendaItemId)).size);
    if (links.length) this.report.record("MeetingSource", "updated", new Set(links.map((l) => l.meetingId)).size);
  }

  /** A meeting record's own columns, with its references resolved (problems recorded, not thrown). */
  private async meetingValues(record: MeetingRecord, path: string) {
    const region = await this.region(record.region, `${path}.region`);
    const host = await this.member(record.host, `${path}.host`);
    const convener = await this.person(record.convener, `${path}.convener`);
    const theme = await this.theme(record.theme, `${path}.theme`);
    const values: Partial<Meeting> = {
      slug: record.slug,
      title: record.title,
      kind: record.kind,
      summary: record.summary ?? null,
      startDate: record.startDate ?? null,
      endDate: record.endDate ?? null,
      startTime: record.startTime ?? null,
      endTime: record.endTime ?? null,
      timezone: record.timezone ?? null,
      format: record.format ?? MeetingFormat.UNKNOWN,
      status: record.status ?? MeetingStatus.SCHEDULED,
      regionId: region?.id ?? null,
      hostMemberId: host?.id ?? null,
      convenerPersonId: convener?.id ?? null,
      themeId: theme?.id ?? null,
    };
    // The columns features own, their references resolved by each feature's section (problems recorded, not thrown).
    for (const section of this.sectionImports)
      Object.assign(values, await section.import.meetingColumns?.(record, path));
    return { values, theme };
  }

  /** The ids of the sources a meeting record names, in file order, without repeats. */
  private async sourceIdsOf(record: MeetingRecord, path: string): Promise<number[]> {
    const ids: number[] = [];
    for (const [i, ref] of (record.sources ?? []).entries()) {
      const source = await this.resolve(
        this.sources,
        sourceKey(ref.title, ref.publishedOn),
        `${path}.sources[${i}]`,
        "source",
        () => this.em.findOneBy(Source, { title: ref.title, publishedOn: ref.publishedOn }),
      );
      if (source && !ids.includes(source.id)) ids.push(source.id);
    }
    return ids;
  }

  private async applyMeeting(record: MeetingRecord, existing: Meeting | undefined, path: string): Promise<void> {
    const { values, theme } = await this.meetingValues(record, path);
    if (this.problems.length) return;
    const meeting = await this.upsert(Meeting, "Meeting", existing, values);
    if (record.participants) await this.syncParticipants(meeting, record, path);
    if (record.agenda) await this.syncAgenda(meeting, record.agenda, theme, path);
    if (record.sources) await this.syncMeetingSources(meeting, record, path);
  }

  private async syncParticipants(meeting: Meeting, record: MeetingRecord, path: string): Promise<void> {
    const stored = new Map(
      (await this.em.find(Participation, { where: { meetingId: meeting.id } })).map((p) => [
        `${p.personId}/${p.role}`,
        p,
      ]),
    );
    for (const [i, participant] of (record.participants ?? []).entries()) {
      const person = await this.person(participant.person, `${path}.participants[${i}].person`);
      if (!person) continue;
      const key = `${person.id}/${participant.role}`;
      if (stored.has(key)) stored.delete(key);
      else {
        await this.em.insert(
          Participation,
          this.em.create(Participation, { meetingId: meeting.id, personId: person.id, role: participant.role }),
        );
        this.report.record("Participation", "created");
      }
    }
    if (stored.size) {
      await this.em.delete(
        Participation,
        [...stored.values()].map((p) => p.id),
      );
      this.report.record("Participation", "deleted", stored.size);
    }
  }

  private async syncAgenda(
    meeting: Meeting,
    agenda: AgendaItemRecord[],
    theme: AnnualTheme | null,
    path: string,
  ): Promise<void> {
    const stored = new Map(
      (await this.em.find(AgendaItem, { where: { meetingId: meeting.id } })).map((a) => [a.position, a]),
    );
    const pillars = theme ? await this.em.find(ThemePillar, { where: { themeId: theme.id } }) : [];
    for (const [i, record] of agenda.entries()) {
      const at = `${path}.agenda[${i}]`;
      let pillarId: number | null = null;
      if (record.pillar) {
        const pillar = pillars.find((p) => p.name === record.pillar);
        if (!pillar) this.problems.push(pillarNotOfTheme(`${at}.pillar`));
        pillarId = pillar?.id ?? null;
      }
      const current = stored.get(i + 1);
      stored.delete(i + 1);
      const unlinkedFrom = current ? this.unlinkedPillars.get(current.id) : undefined;
      if (current && unlinkedFrom !== undefined) current.pillarId = unlinkedFrom;
      const item = await this.upsert(AgendaItem, "AgendaItem", current, {
        meetingId: meeting.id,
        position: i + 1,
        title: record.title,
        kind: record.kind,
        summary: record.summary ?? null,
        pillarId,
      });
      await this.syncSpeakers(item, record.speakers, `${at}.speakers`);
      await this.syncTopics(item, record.topics);
    }
    if (stored.size) {
      await this.em.delete(
        AgendaItem,
        [...stored.values()].map((a) => a.id),
      );
      this.report.record("AgendaItem", "deleted", stored.size);
    }
  }

  private async syncSpeakers(item: AgendaItem, slugs: string[], path: string): Promise<void> {
    const wanted: number[] = [];
    for (const [k, slug] of slugs.entries()) {
      const person = await this.person(slug, `${path}[${k}]`);
      if (person) wanted.push(person.id);
    }
    const stored = await this.em.find(AgendaItemSpeaker, {
      where: { agendaItemId: item.id },
      order: { position: "ASC" },
    });
    const same =
      stored.length === wanted.length && stored.every((s, k) => s.personId === wanted[k] && s.position === k + 1);
    if (same) return;
    await this.em.delete(AgendaItemSpeaker, { agendaItemId: item.id });
    if (wanted.length) {
      await this.em.insert(
        AgendaItemSpeaker,
        wanted.map((personId, k) => ({ agendaItemId: item.id, personId, position: k + 1 })),
      );
    }
    this.report.record("AgendaItemSpeaker", "updated");
  }

  private async topic(name: string): Promise<Topic> {
    let topic = this.topics.get(name) ?? (await this.em.findOneBy(Topic, { name })) ?? undefined;
    if (!topic) {
      topic = await this.upsert(Topic, "Topic", undefined, { name });
    }
    this.topics.set(name, topic);
    return topic;
  }

  private async syncTopics(item: AgendaItem, names: string[]): Promise<void> {
    const wanted = new Set<number>();
    for (const name of names) wanted.add((await this.topic(name)).id);
    const stored = new Set(
      (await this.em.find(AgendaItemTopic, { where: { agendaItemId: item.id } })).map((t) => t.topicId),
    );
    const added = [...wanted].filter((id) => !stored.has(id));
    const removed = [...stored].filter((id) => !wanted.has(id));
    if (removed.length) await this.em.delete(AgendaItemTopic, { agendaItemId: item.id, topicId: In(removed) });
    if (added.length)
      await this.em.insert(
        AgendaItemTopic,
        added.map((topicId) => ({ agendaItemId: item.id, topicId })),
      );
    if (added.length || removed.length) this.report.record("AgendaItemTopic", "updated");
  }

  private async syncMeetingSources(meeting: Meeting, record: MeetingRecord, path: string): Promise<void> {
    const wanted = new Set(await this.sourceIdsOf(record, path));
    const stored = new Set(
      (await this.em.find(MeetingSource, { where: { meetingId: meeting.id } })).map((l) => l.sourceId),
    );
    const added = [...wanted].filter((id) => !stored.has(id));
    const removed = [...stored].filter((id) => !wanted.has(id));
    if (removed.length) await this.em.delete(MeetingSource, { meetingId: meeting.id, sourceId: In(removed) });
    if (added.length)
      await this.em.insert(
        MeetingSource,
        added.map((sourceId) => ({ meetingId: meeting.id, sourceId })),
      );
    if (added.length || removed.length) this.report.record("MeetingSource", "updated");
  }
}

/** Applies a validated file with the given entity manager, which the caller runs in a transaction. */
export async function applyDirectoryWith(
  em: EntityManager,
  file: DirectoryFile,
  sections: readonly DirectorySection[],
  onProgress?: (done: number, total: number) => void,
): Promise<ChangeReport> {
  const applier = new DirectoryApplier(em, sections, onProgress);
  await applier.apply(file);
  return applier.report;
}

/** Thrown to roll a dry run back once its report is known. */
export class DryRunRollback extends Error {
  constructor(readonly report: ChangeReport) {
    super("dry run: rolled back");
  }
}

/** Seeding (`npm start` on an empty database, `npm run seed`) is attributed to `seed` in the audit trail. */
export const SEED_ACTOR: Actor = { name: "seed", tokenId: null };

export interface DirectoryApplyOptions {
  /** Count what would change, then roll back. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** The audit entry's id (`import`, `seed`): a file is no one object of the directory. */
  label?: string;
  /** More to say in the audit entry, beside the counts (the seed file's name). */
  details?: Snapshot;
}

/**
 * Applies a validated file as one unit of work of `mutations`, as every mutation runs: behind this process's
 * other writes and the database's write lock (DATABASE_BUSY past the lock timeout), in one transaction, with an
 * audit entry (type `Directory`) saying who applied it (`actor`), as what `operation`, and what it changed, written
 * in that same transaction. All of the file or, on any problem, none of it; a dry run counts and rolls back.
 */
export async function applyDirectoryAs(
  mutations: MutationRunner,
  actor: Actor,
  operation: string,
  file: DirectoryFile,
  sections: readonly DirectorySection[],
  options: DirectoryApplyOptions = {},
): Promise<ChangeReport> {
  try {
    return await mutations.run(actor, operation, async (tx) => {
      const report = await applyDirectoryWith(tx.em, file, sections, options.onProgress);
      if (options.dryRun) throw new DryRunRollback(report);
      tx.record("Directory", options.label ?? "import", null, {
        ...options.details,
        totalChanges: report.total,
        changes: report.entries,
      });
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

/**
 * Applies a validated file as a seed (actor `seed`, operation `seedDirectory`), through a MutationRunner of its
 * own over `dataSource`: for a database no gateway writes to yet (start-up, `npm run seed`, test fixtures).
 */
export function applyDirectory(
  dataSource: DataSource,
  file: DirectoryFile,
  sections: readonly DirectorySection[],
  options: DirectoryApplyOptions = {},
): Promise<ChangeReport> {
  return applyDirectoryAs(new MutationRunner(dataSource), SEED_ACTOR, "seedDirectory", file, sections, {
    label: "seed",
    ...options,
  });
}
