import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { readerOf } from "../../platform/db/entity-reader";
import { rowsByIdOf } from "../../platform/db/loaders";
import { MeetingSeries } from "./series.entity";
import type { SessionKey } from "./series.rules";
import { sessionsOf } from "./series.service";

/** Factories of the per-request loaders of meeting series (built on first use: see `createLoaders`). */
export function createSeriesLoaders(dataSource: DataSource) {
  const series = readerOf(dataSource, MeetingSeries);
  return {
    seriesById: rowsByIdOf(series),
    /** Each series' meetings as sort keys, in session order: `previousSession`/`nextSession` of a page, one query. */
    sessionsBySeriesId: () =>
      new DataLoader<number, SessionKey[]>(async (seriesIds) => {
        const sessions = await sessionsOf(dataSource, seriesIds);
        return seriesIds.map((id) => sessions.get(id) ?? []);
      }),
  };
}
