import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * PostgreSQL only: a trigram index (pg_trgm) on meeting titles, so `titleContains` (an ILIKE '%text%'
 * search there) uses an index instead of reading every meeting. A B-tree cannot serve a pattern with a
 * leading wildcard; a GIN trigram index can. On SQLite, which has neither, this migration does nothing:
 * `titleContains` scans `IDX_meeting_title` there, which is fast enough at the scale one file serves.
 *
 * The index is declared on the Meeting entity with `synchronize: false`, so TypeORM's schema comparison
 * neither expects it on SQLite nor wants to drop it on PostgreSQL.
 */
export class PostgresTitleSearch1764662400000 implements MigrationInterface {
  name = "PostgresTitleSearch1764662400000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== "postgres") return;
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it without superuser.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE INDEX "IDX_meeting_title_trgm" ON "meeting" USING gin ("title" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== "postgres") return;
    // The extension stays: other objects of the database may use it.
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_meeting_title_trgm"`);
  }
}
