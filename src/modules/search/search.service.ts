import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import type { DatabaseEngine } from "../../config";
import { BadUserInputError } from "../../common/errors";
import { searchTerms } from "../../common/text-search";
import type { PageInfo, PageRequest } from "../../platform/db/pagination";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../../platform/db/pagination";
import { indexMatchSql } from "../../platform/db/search-index";
import type { SearchableType } from "./search.enums";
import { codesOf } from "./search.enums";

/** One index row found: its key (object id and field code) and its score (higher is better). */
export interface SearchHit {
  key: number;
  score: number;
  cursor: string;
}

export interface SearchPage {
  terms: string[];
  hits: SearchHit[];
  pageInfo: PageInfo;
  countTotal: () => Promise<number>;
}

/**
 * `search`: ranked pages of the search index (src/platform/db/search-index.ts). Ordered by score, best first, ties
 * by key (object id and field), so the order is total and a page's cursor `(score, key)` seeks exactly: no OFFSET.
 */
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {}

  async search(
    text: string,
    types: readonly SearchableType[] | null | undefined,
    page: PageRequest,
  ): Promise<SearchPage> {
    const terms = searchTerms(text, "text");
    const codes = types == null ? null : codesOf(types);
    // A cursor belongs to one text and set of types: its tag is their digest (the text itself could outgrow a cursor).
    const tag = `search:${createHash("sha256")
      .update(JSON.stringify([terms, codes]))
      .digest("base64url")
      .slice(0, 16)}`;
    if (codes?.length === 0) return this.empty(terms);

    const ranked = indexMatchSql(this.engine, terms, codes, "search", true);
    const parameters: Record<string, unknown> = { ...ranked.parameters, limit: page.limit + 1 };
    // Reading backwards (`last`/`before`) walks the same order from the other end, then reverses the page.
    const [better, keyAfter] = page.backward ? [">", "<"] : ["<", ">"];
    let seek = "";
    if (page.cursor !== null) {
      const argName = page.backward ? "before" : "after";
      const { s, k } = decodeOpaqueCursor(page.cursor, tag, argName);
      if (!Number.isSafeInteger(s) || !Number.isSafeInteger(k)) {
        throw BadUserInputError.forField(argName, "is not a cursor of this list and order");
      }
      Object.assign(parameters, { seekScore: s, seekKey: k });
      seek = `WHERE score ${better} :seekScore OR (score = :seekScore AND key ${keyAfter} :seekKey)`;
    }
    const order = page.backward ? "score ASC, key DESC" : "score DESC, key ASC";
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT key, score FROM (${ranked.sql}) hits ${seek} ORDER BY ${order} LIMIT :limit`,
      parameters,
      {},
    );
    const rows: { key: number | string; score: number | string }[] = await this.dataSource.query(sql, values);
    const hasMore = rows.length > page.limit;
    const hits = rows.slice(0, page.limit).map((row) => {
      const key = Number(row.key);
      const score = Number(row.score);
      return { key, score, cursor: encodeOpaqueCursor({ t: tag, s: score, k: key }) };
    });
    if (page.backward) hits.reverse();

    const counted = indexMatchSql(this.engine, terms, codes, "search");
    let total: Promise<number> | undefined;
    const countTotal = () =>
      (total ??= (async () => {
        const [countSql, countValues] = this.dataSource.driver.escapeQueryWithParameters(
          `SELECT COUNT(*) AS n FROM (${counted.sql}) hits`,
          counted.parameters,
          {},
        );
        const [row] = (await this.dataSource.query(countSql, countValues)) as { n: number | string }[];
        return Number(row?.n ?? 0);
      })());
    const pageInfo: PageInfo = {
      hasNextPage: page.backward ? page.cursor !== null : hasMore,
      hasPreviousPage: page.backward ? hasMore : page.cursor !== null,
      startCursor: hits[0]?.cursor ?? null,
      endCursor: hits[hits.length - 1]?.cursor ?? null,
    };
    return { terms, hits, pageInfo, countTotal };
  }

  private empty(terms: string[]): SearchPage {
    const pageInfo = { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
    return { terms, hits: [], pageInfo, countTotal: () => Promise.resolve(0) };
  }
}
