import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { LanguageCode } from "../../common/language";
import { readerOf } from "../../platform/db/entity-reader";
import { rowsByIdOf } from "../../platform/db/loaders";
import { Translation } from "./translation.entity";

/** The translations of objects of one type, selected by id (and language), one query per batch. */
async function translationsOf(
  dataSource: DataSource,
  typename: string,
  ids: readonly number[],
  language: LanguageCode | null,
): Promise<Translation[]> {
  const qb = dataSource
    .getRepository(Translation)
    .createQueryBuilder("t")
    .where("t.entityType = :typename", { typename })
    .andWhere("t.entityId IN (:...ids)", { ids });
  if (language !== null) qb.andWhere("t.language = :language", { language });
  return readerOf(dataSource, Translation).many(
    qb.orderBy("t.entityId").addOrderBy("t.field").addOrderBy("t.language"),
  );
}

/**
 * One request's reads of translated texts: a DataLoader per (type, language), keyed by object id, each answering
 * every translated field of the object in that language, so that a page of meetings with `title` and `summary`
 * in French costs one query however many meetings and fields it has. Built only when a request asks for a
 * language: a request without one never reaches it.
 */
export class TranslationTexts {
  private readonly loaders = new Map<string, DataLoader<number, ReadonlyMap<string, string> | undefined>>();

  constructor(private readonly dataSource: DataSource) {}

  /** The texts of object `id` of `typename` in `language`, by field; undefined when none is translated. */
  load(typename: string, language: LanguageCode, id: number): Promise<ReadonlyMap<string, string> | undefined> {
    const key = `${typename}:${language}`;
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const byId = new Map<number, Map<string, string>>();
        for (const row of await translationsOf(this.dataSource, typename, ids, language)) {
          let texts = byId.get(row.entityId);
          if (!texts) byId.set(row.entityId, (texts = new Map()));
          texts.set(row.field, row.text);
        }
        return ids.map((id) => byId.get(id));
      });
      this.loaders.set(key, loader);
    }
    return loader.load(id);
  }
}

/** One request's reads of the `translations` lists: a DataLoader per type, keyed by object id. */
export class TranslationLists {
  private readonly loaders = new Map<string, DataLoader<number, Translation[]>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Every translation of object `id` of `typename`, by field then language. */
  load(typename: string, id: number): Promise<Translation[]> {
    let loader = this.loaders.get(typename);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const byId = new Map<number, Translation[]>();
        for (const row of await translationsOf(this.dataSource, typename, ids, null)) {
          const list = byId.get(row.entityId);
          if (list) list.push(row);
          else byId.set(row.entityId, [row]);
        }
        return ids.map((id) => byId.get(id) ?? []);
      });
      this.loaders.set(typename, loader);
    }
    return loader.load(id);
  }
}

/** Factories of the per-request loaders of translations (built on first use: see `createLoaders`). */
export function createTranslationLoaders(dataSource: DataSource) {
  return {
    translationById: rowsByIdOf(readerOf(dataSource, Translation)),
    translationTexts: () => new TranslationTexts(dataSource),
    translationLists: () => new TranslationLists(dataSource),
  };
}
