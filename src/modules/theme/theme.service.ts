import type { DataSource, Repository } from "typeorm";
import type { DatabaseEngine } from "../../config";
import type { ConnectionResult, KeysetOrder, PageRequest } from "../../platform/db/pagination";
import { paginate } from "../../platform/db/pagination";
import { readerOf } from "../../platform/db/entity-reader";
import { AnnualTheme } from "./annual-theme.entity";

const NEWEST_FIRST: KeysetOrder<AnnualTheme> = {
  tag: "themes:YEAR:DESC",
  column: "theme.year",
  idColumn: "theme.id",
  direction: "DESC",
  nullable: false,
  valueOf: (theme) => theme.year,
  idOf: (theme) => theme.id,
};

export class ThemeService {
  private readonly themes: Repository<AnnualTheme>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: DatabaseEngine,
  ) {
    this.themes = dataSource.getRepository(AnnualTheme);
  }

  list(page: PageRequest): Promise<ConnectionResult<AnnualTheme>> {
    return paginate(this.themes.createQueryBuilder("theme"), NEWEST_FIRST, page, this.engine);
  }

  findByYear(year: number): Promise<AnnualTheme | null> {
    return readerOf(this.dataSource, AnnualTheme).findOne("year", year);
  }
}
