import "reflect-metadata";
import { execFileSync } from "node:child_process";
import path from "node:path";
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

describe("the shape of what the entity reader builds", () => {
  /*
   * V8 turns an object into a slow dictionary object when it gets more than about twenty properties by keyed
   * stores (`entity[property] = …`): the Meeting, at 21 columns, did, and a page of meetings cost more CPU and
   * garbage collection. The reader sets properties by name instead; V8's own predicate (natives syntax, so in a
   * process of its own, over the compiled gateway) checks that every entity it reads stays a fast object.
   */
  it("keeps every entity of the gateway, the widest included, a fast-properties object", () => {
    const script = `
      require("reflect-metadata");
      const { DataSource } = require("typeorm");
      const { entities } = require("./dist/src/app/features");
      const { readerOf } = require("./dist/src/platform/db/entity-reader");
      (async () => {
        const dataSource = new DataSource({ type: "sqlite", database: ":memory:", entities, synchronize: true });
        await dataSource.initialize();
        const shapes = {};
        for (const metadata of dataSource.entityMetadatas) {
          if (metadata.primaryColumns.length !== 1) continue;
          // A row of nulls, whichever way each column comes (SQLite packs most in one JSON array, "__row").
          const row = Object.fromEntries(metadata.columns.map((column) => [column.databaseName, null]));
          row.__row = JSON.stringify(metadata.columns.map(() => null));
          const entity = readerOf(dataSource, metadata.target).hydrate(row);
          shapes[metadata.name] = { properties: Object.keys(entity).length, fast: %HasFastProperties(entity) };
        }
        await dataSource.destroy();
        process.stdout.write(JSON.stringify(shapes));
      })();`;
    const output = execFileSync(process.execPath, ["--allow-natives-syntax", "-e", script], {
      cwd: path.join(__dirname, ".."),
      encoding: "utf8",
    });
    const shapes = JSON.parse(output) as Record<string, { properties: number; fast: boolean }>;
    expect(shapes.Meeting!.properties).toBeGreaterThan(20);
    expect(Object.entries(shapes).filter(([, shape]) => !shape.fast)).toEqual([]);
  });

  it("would not without it: keyed stores of as many properties make V8 fall back to a dictionary", () => {
    const script = `
      const entity = Object.create(class Entity {}.prototype);
      for (let i = 0; i < 24; i++) entity["p" + i] = i;
      process.stdout.write(String(%HasFastProperties(entity)));`;
    expect(execFileSync(process.execPath, ["--allow-natives-syntax", "-e", script], { encoding: "utf8" })).toBe(
      "false",
    );
  });
});
