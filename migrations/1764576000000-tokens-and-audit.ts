import type { MigrationInterface, QueryRunner } from "typeorm";
import { Table, TableIndex } from "typeorm";

/* API tokens (stored as hashes) and the audit trail of changes. Table API only: portable. */
export class TokensAndAudit1764576000000 implements MigrationInterface {
  name = "TokensAndAudit1764576000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    const types = queryRunner.connection.driver.mappedDataTypes;
    await queryRunner.createTable(
      new Table({
        name: "api_token",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "name", type: "varchar", length: "120" },
          { name: "role", type: "varchar", length: "20" },
          { name: "token_hash", type: "varchar", length: "64" },
          { name: "token_prefix", type: "varchar", length: "16" },
          { name: "created_at", type: String(types.createDate), default: types.createDateDefault },
          { name: "expires_at", type: "varchar", length: "30", isNullable: true },
          { name: "revoked_at", type: "varchar", length: "30", isNullable: true },
        ],
        indices: [new TableIndex({ name: "UQ_api_token_hash", columnNames: ["token_hash"], isUnique: true })],
      }),
      false,
      true,
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "audit_entry",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "at", type: "varchar", length: "30" },
          { name: "actor", type: "varchar", length: "120" },
          // No foreign key: the trail outlives revoked and deleted tokens.
          { name: "token_id", type: "integer", isNullable: true },
          { name: "operation", type: "varchar", length: "80" },
          { name: "entity_type", type: "varchar", length: "40" },
          { name: "entity_id", type: "varchar", length: "64" },
          { name: "before", type: "text", isNullable: true },
          { name: "after", type: "text", isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "IDX_audit_entry_entity", columnNames: ["entity_type", "entity_id"] }),
          new TableIndex({ name: "IDX_audit_entry_actor", columnNames: ["actor"] }),
          new TableIndex({ name: "IDX_audit_entry_operation", columnNames: ["operation"] }),
          new TableIndex({ name: "IDX_audit_entry_at", columnNames: ["at"] }),
        ],
      }),
      false,
      true,
      true,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("audit_entry", false, true, true);
    await queryRunner.dropTable("api_token", false, true, true);
  }
}
