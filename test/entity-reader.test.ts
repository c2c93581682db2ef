import "reflect-metadata";
import { Column, CreateDateColumn, DataSource, Entity, PrimaryGeneratedColumn } from "typeorm";
import { readerOf } from "../src/platform/db/entity-reader";

/*
 * The entity reader reads SQLite rows as one JSON array each (src/platform/db/entity-reader.ts). Column types JSON cannot
 * carry exactly (REAL, whose JSON has 15 digits; BLOB, which it cannot hold) must still come out as TypeORM reads
 * them: read as result columns of their own, in the entity's property order.
 */

@Entity({ name: "sample" })
class Sample {
  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  @Column({ name: "ratio", type: "real" })
  ratio!: number;

  @Column({ name: "label", type: "varchar" })
  label!: string;

  @Column({ name: "data", type: "blob", nullable: true })
  data!: Buffer | null;

  @Column({ name: "flag", type: "boolean" })
  flag!: boolean;

  @CreateDateColumn({ name: "created_at" })
  createdAt!: Date;
}

describe("the entity reader on SQLite", () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = new DataSource({ type: "sqlite", database: ":memory:", entities: [Sample], synchronize: true });
    await dataSource.initialize();
    const samples = dataSource.getRepository(Sample);
    await samples.save([
      samples.create({ ratio: 0.1 + 0.2, label: 'a "quoted" \\ 🛃', data: Buffer.from([0, 1, 255]), flag: true }),
      samples.create({ ratio: 1e300, label: "", data: null, flag: false }),
    ]);
    await dataSource.query(`UPDATE "sample" SET "created_at" = '2021-04-22 10:00:00.123' WHERE "id" = 1`);
  });
  afterAll(() => dataSource.destroy());

  it("reads values JSON cannot carry exactly as TypeORM does, beside those it packs", async () => {
    const read = await readerOf(dataSource, Sample).all(`"t"."id"`);
    const typeorm = await dataSource.getRepository(Sample).find({ order: { id: "ASC" } });
    expect(read).toStrictEqual(typeorm);
    read.forEach((sample, i) => expect(Reflect.ownKeys(sample)).toEqual(Reflect.ownKeys(typeorm[i]!)));
    expect(read[0]!.ratio).toBe(0.1 + 0.2);
    expect(read[0]!.data).toEqual(Buffer.from([0, 1, 255]));
    expect(read[0]!.createdAt.toISOString()).toBe("2021-04-22T10:00:00.123Z");
    expect(readerOf(dataSource, Sample).selectList("t")).toMatch(
      /^json_array\("t"\."id", "t"\."label", .*\) AS "__row", "t"\."ratio" AS "ratio", "t"\."data" AS "data"$/,
    );
  });
});
