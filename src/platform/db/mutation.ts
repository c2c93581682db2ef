import { setTimeout as sleep } from "node:timers/promises";
import { E_TIMEOUT, Mutex, withTimeout } from "async-mutex";
import type { MutexInterface } from "async-mutex";
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { In, QueryFailedError } from "typeorm";
import type { Snapshot } from "./audit-entry.entity";
import { AuditEntry } from "./audit-entry.entity";
import { beforeCommitHooksOf } from "./before-commit";
import { isLockUnavailableCode, isPostgres, isSqlite } from "./data-source";
import { BadUserInputError, ConflictError, DatabaseBusyError, NotFoundError } from "../../common/errors";
import { encodeGlobalId, tryDecodeGlobalId } from "../../common/global-id";
import type { NodeClass } from "../../common/node";
import { typenameOf } from "../../common/node";

/** Audit entries written per INSERT: 8 parameters each, far within SQLite's 32,766 (and PostgreSQL's 65,535). */
const AUDIT_ROWS_PER_INSERT = 200;

/** Who a change is attributed to in the audit trail. */
export interface Actor {
  name: string;
  tokenId: number | null;
}

/** Never copied into the audit trail, even hashed. */
const SECRET_COLUMNS = new Set(["tokenHash"]);

type Row = ObjectLiteral & { id: number };
type Versioned = Row & { version: number };
type EntityClass<T> = (new () => T) & NodeClass;

/**
 * One mutation's unit of work: every read and write goes through `em`, inside one transaction, and every
 * change is recorded for the audit trail, which is written in the same transaction. If anything throws,
 * nothing is changed and nothing is recorded.
 */
export class Transaction {
  private readonly changes: Omit<AuditEntry, "id" | "globalId">[] = [];

  constructor(
    readonly em: EntityManager,
    private readonly actor: Actor,
    readonly operation: string,
  ) {}

  /** The stored column values of an entity, as plain JSON. */
  snapshot(entity: Row): Snapshot {
    const metadata = this.em.connection.getMetadata(entity.constructor);
    const out: Snapshot = {};
    for (const column of metadata.columns) {
      if (SECRET_COLUMNS.has(column.propertyName)) continue;
      const value: unknown = column.getEntityValue(entity);
      out[column.propertyName] = value instanceof Date ? value.toISOString() : (value ?? null);
    }
    return out;
  }

  /** Adds an audit entry; `id` is a primary key, or a label for changes that are not one object's (imports). */
  record(typename: string, id: number | string, before: Snapshot | null, after: Snapshot | null): void {
    this.changes.push({
      at: new Date().toISOString(),
      actor: this.actor.name,
      tokenId: this.actor.tokenId,
      operation: this.operation,
      entityType: typename,
      entityId: typeof id === "number" ? encodeGlobalId(typename, id) : id,
      before,
      after,
    });
  }

  /**
   * Records a change of an object's links (an agenda item's speakers, a meeting's sources), which are no object
   * of their own. An object created or updated earlier in this same transaction gets them in that entry, so that
   * each object a mutation creates or changes has one entry with all that changed; otherwise they are an entry of
   * their own.
   */
  recordLinks(typename: string, id: number, before: Snapshot, after: Snapshot): void {
    const entityId = encodeGlobalId(typename, id);
    let earlier: (typeof this.changes)[number] | undefined;
    for (let i = this.changes.length - 1; i >= 0 && !earlier; i--) {
      const change = this.changes[i]!;
      if (change.entityType === typename && change.entityId === entityId && change.after !== null) earlier = change;
    }
    if (!earlier) return this.record(typename, id, before, after);
    if (earlier.before) Object.assign(earlier.before, before);
    Object.assign(earlier.after!, after);
  }

  /** Loads the object a global id names, or fails with NOT_FOUND (BAD_USER_INPUT if it is no id of that type). */
  async get<T extends Row>(entity: EntityClass<T>, globalId: string, path: string): Promise<T> {
    const decoded = tryDecodeGlobalId(globalId);
    if (!decoded || decoded.typeName !== entity.typename) {
      throw BadUserInputError.forField(path, `"${globalId}" is not a ${entity.typename} id`);
    }
    const row = await this.em.findOneBy(entity as EntityTarget<T>, { id: decoded.id } as never);
    if (!row) throw new NotFoundError(entity.typename, globalId);
    return row;
  }

  /** Like `get`, for an object another input field refers to: a missing one is the caller's input error. */
  async reference<T extends Row>(entity: EntityClass<T>, globalId: string, path: string): Promise<T> {
    try {
      return await this.get(entity, globalId, path);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw BadUserInputError.forField(path, `no ${entity.typename} has id "${globalId}"`);
      throw error;
    }
  }

  /**
   * `reference` for a list of ids in one query: the objects in the list's order, or the error `reference` would
   * have thrown for the first id of the list that names none (`pathOf(i)` is where the i-th id is).
   */
  async references<T extends Row>(
    entity: EntityClass<T>,
    globalIds: readonly string[],
    pathOf: (index: number) => string,
  ): Promise<T[]> {
    if (!globalIds.length) return [];
    const keys = globalIds.map((globalId) => {
      const decoded = tryDecodeGlobalId(globalId);
      return decoded?.typeName === entity.typename ? decoded.id : null;
    });
    const wanted = [...new Set(keys.filter((key): key is number => key !== null))];
    const rows = wanted.length ? await this.em.findBy(entity as EntityTarget<T>, { id: In(wanted) } as never) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return keys.map((key, i) => {
      const row = key === null ? undefined : byId.get(key);
      if (row) return row;
      const globalId = globalIds[i]!;
      throw BadUserInputError.forField(
        pathOf(i),
        key === null ? `"${globalId}" is not a ${entity.typename} id` : `no ${entity.typename} has id "${globalId}"`,
      );
    });
  }

  async insert<T extends Row>(entity: EntityClass<T>, values: Partial<T>): Promise<T> {
    const row = this.em.create(entity as EntityTarget<T>, values as T);
    await this.em.save(row);
    this.record(entity.typename, row.id, null, this.snapshot(row));
    return row;
  }

  /**
   * Applies `values` to a versioned row. With `expectedVersion`, refuses (CONFLICT) when the row changed
   * since the caller read it; the version check is part of the UPDATE itself, so no race can slip through.
   */
  /** Refuses (CONFLICT) when the caller named a version and the row is no longer at it. */
  checkVersion(current: Versioned, expectedVersion: number | null | undefined): void {
    if (expectedVersion == null || expectedVersion === current.version) return;
    const typename = typenameOf(current);
    throw new ConflictError(
      `${typename} ${encodeGlobalId(typename, current.id)} is at version ${current.version}, not ${expectedVersion}: someone changed it since you read it`,
      { currentVersion: current.version },
    );
  }

  async update<T extends Versioned>(current: T, values: Partial<T>, expectedVersion?: number | null): Promise<T> {
    const entity = current.constructor as EntityClass<T>;
    this.checkVersion(current, expectedVersion);
    const changed = Object.entries(values).filter(
      ([key, value]) => value !== undefined && (current[key] ?? null) !== (value ?? null),
    );
    if (changed.length === 0) return current;
    const before = this.snapshot(current);
    const result = await this.em
      .createQueryBuilder()
      .update(entity as EntityTarget<T>)
      .set(Object.fromEntries(changed) as never)
      .where("id = :id AND version = :version", { id: current.id, version: current.version })
      .execute();
    if (result.affected === 0)
      throw new ConflictError(`${entity.typename} changed while this update ran; read it again`);
    const after = await this.em.findOneByOrFail(entity as EntityTarget<T>, { id: current.id } as never);
    this.record(entity.typename, current.id, before, this.snapshot(after));
    return after;
  }

  /**
   * Gives `rows` the positions 1…n in the order given. Positions are unique within their parent, so rows
   * that move are first parked on negative positions (keeping their version), then set and audited.
   */
  async renumber<T extends Versioned & { position: number }>(rows: T[]): Promise<void> {
    const moving = rows.filter((row, i) => row.position !== i + 1);
    if (!moving.length) return;
    const entity = moving[0]!.constructor as EntityTarget<T>;
    await parkMovingRows(
      this.em,
      entity,
      moving.map((row) => row.id),
    );
    for (const row of moving) {
      const before = this.snapshot(row);
      await this.em.update(entity, row.id, { position: rows.indexOf(row) + 1 } as never);
      const after = await this.em.findOneByOrFail(entity, { id: row.id } as never);
      Object.assign(row, after);
      this.record(typenameOf(row), row.id, before, this.snapshot(after));
    }
  }

  async remove<T extends Row>(row: T): Promise<void> {
    const typename = typenameOf(row);
    const before = this.snapshot(row);
    await this.em.delete(row.constructor as EntityTarget<T>, row.id);
    this.record(typename, row.id, before, null);
  }

  /**
   * Writes the audit entries, many rows per statement: a whole meeting entered in one mutation records hundreds,
   * which one INSERT each made most of its statements. Chunks keep within SQLite's bound on bound parameters.
   */
  async flush(): Promise<void> {
    for (let start = 0; start < this.changes.length; start += AUDIT_ROWS_PER_INSERT) {
      await this.em
        .createQueryBuilder()
        .insert()
        .into(AuditEntry)
        // The column transformers turn snapshots into JSON text; TypeORM's types know nothing of them.
        .values(this.changes.slice(start, start + AUDIT_ROWS_PER_INSERT) as never)
        .updateEntity(false)
        .execute();
    }
  }

  /** The changes recorded so far, in order. */
  get recorded(): readonly Omit<AuditEntry, "id" | "globalId">[] {
    return this.changes;
  }
}

/**
 * The one rule of moving ordered rows (agenda items, a theme's pillars): positions are unique within their
 * parent, so the rows that move are first parked on distinct negative positions, and only then given their new
 * ones, one by one, without ever colliding. Parking keeps their version: moving is one change, counted once
 * when the row gets its new position. Used by `Transaction.renumber` and by the directory importer.
 */
export async function parkMovingRows<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  ids: readonly number[],
): Promise<void> {
  for (const [k, id] of ids.entries()) {
    await em
      .createQueryBuilder()
      .update(entity)
      .set({ position: -(k + 1), version: () => "version" } as never)
      .where("id = :id", { id })
      .execute();
  }
}

/** The database driver's code for a failed statement (`SQLITE_BUSY`, `23505`, …), if it failed in the database. */
function driverErrorCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error as QueryFailedError & { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === "string" ? code : undefined;
}

/** A statement refused because another connection holds a lock it needs (see `isLockUnavailableCode`). */
function isLockUnavailable(error: unknown): boolean {
  return isLockUnavailableCode(driverErrorCode(error));
}

/**
 * A transaction refused because another one changed the same data meanwhile: a unique key taken between
 * this transaction's check and its write (PostgreSQL 23505, SQLite's UNIQUE constraint), a deadlock or a
 * serialization failure. Within one process mutations run one at a time and the services' checks see every
 * earlier change, but several gateway instances (or a gateway and a command-line import) share one
 * PostgreSQL database, whose transactions run side by side. The client gets CONFLICT, as for a stale
 * `expectedVersion`: read again and retry. Anything else is left as it is.
 */
function concurrentChange(error: unknown): ConflictError | undefined {
  const code = driverErrorCode(error);
  if (code === undefined) return undefined;
  const unique =
    code === "23505" || (code === "SQLITE_CONSTRAINT" && /UNIQUE constraint failed/.test((error as Error).message));
  if (!unique && code !== "40001" && code !== "40P01") return undefined;
  return new ConflictError(
    unique
      ? "Another change took the same unique key meanwhile; read the current data and retry."
      : "Another change to the same data was being made at the same time; retry.",
  );
}

/** Told about each committed transaction and its audited changes (e.g. to notify subscribers). */
export type CommitListener = (
  operation: string,
  changes: readonly Omit<AuditEntry, "id" | "globalId">[],
) => void | Promise<void>;

/**
 * How long a write waits for its turn when neither the caller nor the data source says (SQLite's busy
 * timeout default in src/platform/db/data-source.ts).
 */
const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/**
 * Pauses between attempts at SQLite's write lock: short at first, since another gateway's mutation holds it
 * for milliseconds, then 50 ms apart, since an import holds it for seconds. SQLite's own busy handler waits
 * on much the same schedule.
 */
const LOCK_POLL_PAUSES_MS = [1, 2, 5, 10, 20, 50] as const;

/** The SQLite connection's own busy timeout, as the data source was configured (undefined on PostgreSQL). */
function sqliteBusyTimeoutOf(dataSource: DataSource): number | undefined {
  const options = dataSource.options;
  if (options.type === "sqlite") return options.busyTimeout;
  if (options.type === "better-sqlite3") return options.timeout;
  return undefined;
}

export interface MutationRunnerOptions {
  /**
   * Longest a mutation waits for its turn to write, from the moment it asks: behind this process's other
   * mutations, then for the database's write lock (SQLite) or any row or table lock (PostgreSQL's
   * lock_timeout). Beyond it the mutation fails with DATABASE_BUSY, having changed nothing. By default the
   * SQLite connection's busy timeout (SQLITE_BUSY_TIMEOUT_MS), else 5 s.
   */
  lockTimeoutMs?: number;
}

/**
 * Runs mutations: one transaction each, audited, all-or-nothing. Transactions of one process are run one
 * at a time: an SQLite connection holds one transaction at once (interleaving them fails with "cannot
 * start a transaction within a transaction"), and directory writes are rare enough that queueing them
 * costs nothing. Reads use their own connection and never wait for this queue.
 *
 * No mutation waits forever for its turn. Another process's write (a command-line import of thousands of
 * meetings) can hold SQLite's write lock for many seconds, and every mutation of this process queues behind
 * the one waiting for it. So one deadline, `lockTimeoutMs` after a mutation asks, bounds its wait in the queue
 * and for the lock together; past it the mutation fails with DatabaseBusyError (DATABASE_BUSY: nothing was
 * changed, retry), instead of SQLITE_BUSY reaching the client as an internal error after one timeout per
 * mutation queued ahead of it.
 */
export class MutationRunner {
  private readonly queue: MutexInterface;
  private readonly lockTimeoutMs: number;
  /** What the SQLite connection's busy timeout is restored to after the write lock is taken. */
  private readonly connectionBusyTimeoutMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onCommit?: CommitListener,
    options: MutationRunnerOptions = {},
  ) {
    const configured = sqliteBusyTimeoutOf(dataSource);
    this.connectionBusyTimeoutMs = configured ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.lockTimeoutMs = options.lockTimeoutMs ?? configured ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.queue = withTimeout(new Mutex(), this.lockTimeoutMs, E_TIMEOUT);
  }

  async run<T>(actor: Actor, operation: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const deadline = performance.now() + this.lockTimeoutMs;
    let release: MutexInterface.Releaser;
    try {
      release = await this.queue.acquire();
    } catch (error) {
      if (error === E_TIMEOUT) throw new DatabaseBusyError(this.lockTimeoutMs);
      throw error;
    }
    try {
      let committed: Transaction | undefined;
      const result = await this.dataSource
        .transaction(async (em) => {
          await this.waitForWriteLock(em, deadline);
          const tx = new Transaction(em, actor, operation);
          const result = await work(tx);
          // The features' own bookkeeping of what this transaction changed (e.g. summaries), committed with it.
          for (const hook of beforeCommitHooksOf(this.dataSource)) await hook(em);
          await tx.flush();
          committed = tx;
          return result;
        })
        .catch((error: unknown) => {
          // The transaction was rolled back whole: a lock it could not get means nothing was changed.
          if (isLockUnavailable(error)) throw new DatabaseBusyError(this.lockTimeoutMs);
          throw concurrentChange(error) ?? error;
        });
      // Only after the commit: listeners never hear of a change that was rolled back.
      // Awaited: what the listener does (empty the response cache) is done before the mutation answers.
      if (committed?.recorded.length) await this.onCommit?.(operation, committed.recorded);
      return result;
    } finally {
      release();
    }
  }

  /**
   * Waits, until `deadline` at most, for what the transaction needs to write. PostgreSQL locks rows and
   * tables as statements reach them: the transaction's lock_timeout is what is left of the wait (at least
   * 1 ms: 0 would mean no limit), and a lock not granted in time fails with 55P03. SQLite has one write lock
   * for the whole database, taken here before anything else (`takeSqliteWriteLock`).
   */
  private async waitForWriteLock(em: EntityManager, deadline: number): Promise<void> {
    if (isPostgres(this.dataSource)) {
      const remainingMs = Math.max(1, Math.ceil(deadline - performance.now()));
      await em.query(`SET LOCAL lock_timeout = ${remainingMs}`);
    } else if (isSqlite(this.dataSource)) {
      await this.takeSqliteWriteLock(em, deadline);
    }
  }

  /**
   * Makes an SQLite transaction a writer from its first statement, trying until `deadline`, so that it waits
   * for another process's write (a command-line import) instead of failing with SQLITE_BUSY at once.
   *
   * TypeORM begins SQLite transactions DEFERRED: the transaction starts as a reader and asks for the write
   * lock at its first INSERT/UPDATE/DELETE. Nearly every mutation reads first (existence checks, `get`), and
   * when a reader asks for the write lock while another connection holds it, SQLite answers SQLITE_BUSY at
   * once, without calling the busy handler (waiting could not help: the other writer's commit makes this
   * transaction's snapshot stale). A write that changes nothing, issued first, takes the write lock the way
   * BEGIN IMMEDIATE would (which TypeORM cannot issue): at that point the transaction holds no snapshot, and
   * a refused attempt leaves it holding none, so it can simply be tried again.
   *
   * It is tried again from here, with the connection's busy timeout off meanwhile, rather than left to
   * SQLite's busy handler: the handler would sleep inside the driver — on one of libuv's four threads with
   * sqlite3, on the event loop itself with better-sqlite3 — and always for the full busy timeout, where this
   * mutation may already have spent part of its wait in the queue. The imports' own transactions run through
   * here too, so an import likewise waits for a gateway mutation instead of failing.
   */
  private async takeSqliteWriteLock(em: EntityManager, deadline: number): Promise<void> {
    // TypeORM's own table, which every migrated database has.
    const table = this.dataSource.options.migrationsTableName ?? "migrations";
    await em.query("PRAGMA busy_timeout = 0");
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await em.query(`UPDATE "${table}" SET "id" = "id" WHERE 0`);
          return;
        } catch (error) {
          if (!isLockUnavailable(error)) throw error;
        }
        const remainingMs = deadline - performance.now();
        if (remainingMs <= 0) throw new DatabaseBusyError(this.lockTimeoutMs);
        const pauseMs = LOCK_POLL_PAUSES_MS[Math.min(attempt, LOCK_POLL_PAUSES_MS.length - 1)]!;
        await sleep(Math.min(pauseMs, remainingMs));
      }
    } finally {
      await em.query(`PRAGMA busy_timeout = ${this.connectionBusyTimeoutMs}`);
    }
  }
}
