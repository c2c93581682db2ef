import "reflect-metadata";
import { CLI_ACTOR } from "../../platform/auth/actor";
import { MutationRunner } from "../../platform/db/mutation";
import { rebuildActivitySummary } from "../../modules/activity/activity.summary";
import { fail, withDatabase } from "./cli-data-source";

/**
 * `npm run aggregates:rebuild`: recomputes the maintained activity summary from the meetings, in one transaction
 * run as a mutation is (behind the write lock, audited as `rebuildActivitySummary`). Never needed in normal
 * operation: every write keeps the summary exact. For a database written behind the triggers' back.
 */
async function main(): Promise<void> {
  await withDatabase(async (dataSource) => {
    const started = Date.now();
    const report = await new MutationRunner(dataSource).run(CLI_ACTOR, "rebuildActivitySummary", async (tx) => {
      const report = await rebuildActivitySummary(tx.em);
      tx.record("ActivitySummary", "rebuild", null, { ...report });
      return report;
    });
    console.log(
      `activity summary rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${report.periodRows} period row(s), ${report.pillarRows} pillar row(s); ` +
        `${report.staleMarkers} stale marker(s) cleared`,
    );
  });
}

main().catch(fail);
