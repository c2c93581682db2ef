import type { DataSource, EntityManager } from "typeorm";

/**
 * Work a feature does inside every unit of work, after its changes and before its commit, in the same
 * transaction (e.g. bringing a maintained summary up to date with what the transaction changed). A hook that
 * throws rolls the whole unit of work back.
 */
export type BeforeCommitHook = (em: EntityManager) => Promise<void>;

const hooksOf = new WeakMap<DataSource, readonly BeforeCommitHook[]>();

/**
 * Attaches the hooks to a data source (createDataSource does, from its options), so that every MutationRunner
 * over it runs them, whichever code built the runner: the gateway's, a command-line tool's, a seed's or a test's.
 */
export function setBeforeCommitHooks(dataSource: DataSource, hooks: readonly BeforeCommitHook[]): void {
  hooksOf.set(dataSource, hooks);
}

/** The hooks attached to a data source (none when it was opened without them: migrations, raw SQL). */
export function beforeCommitHooksOf(dataSource: DataSource): readonly BeforeCommitHook[] {
  return hooksOf.get(dataSource) ?? [];
}
