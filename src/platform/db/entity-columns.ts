import { Field, Int, ObjectType } from "type-graphql";
import { CreateDateColumn, UpdateDateColumn, VersionColumn } from "typeorm";
import { Node } from "../../common/node";

/**
 * The bookkeeping every editable entity carries: when it was created and last changed, and a version
 * that each update increments (optimistic concurrency: an update naming a stale version is refused).
 */
@ObjectType("TrackedNode")
export abstract class TrackedNode extends Node {
  @Field({ description: "When this record was created in the directory (UTC)." })
  @CreateDateColumn({ name: "created_at" })
  createdAt!: Date;

  @Field({ description: "When this record last changed (UTC)." })
  @UpdateDateColumn({ name: "updated_at" })
  updatedAt!: Date;

  @Field(() => Int, {
    description: "Incremented by every change. Send it back with an update to refuse overwriting someone else's edit.",
  })
  @VersionColumn({ name: "version" })
  version!: number;
}
