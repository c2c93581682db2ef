import { Field, ID, InputType, Int } from "type-graphql";

/*
 * The fields every update and delete input shares, declared once. type-graphql 2 has no generic input types;
 * its documented idiom (docs: "Generic Types", "Inheritance") is a function that returns an abstract class
 * decorated with `@InputType()`, which a named input then extends: the named input gets the base's fields, and
 * the base itself never appears in the schema, since type-graphql 2 emits only the types the operations use
 * (the `isAbstract` option of type-graphql 1 is gone). A factory, not one shared class, so that each field's
 * description names the object it is about ("The Member's id.").
 */

/**
 * `id: ID!` and `expectedVersion: Int`: which stored object a mutation changes, and the version the caller
 * last read (optimistic locking, checked by the MutationRunner's `checkVersion`/`update`). `label` names the
 * object in the descriptions, as a sentence would ("Member", "meeting", "pillar").
 */
export function ExistingObjectInput(label: string) {
  @InputType()
  abstract class ExistingObjectInputClass {
    @Field(() => ID, { description: `The ${label}'s id.` })
    id!: string;

    @Field(() => Int, {
      nullable: true,
      description: `Refuse (CONFLICT) unless the ${label} is still at this version.`,
    })
    expectedVersion?: number | null;
  }
  return ExistingObjectInputClass;
}

/**
 * ExistingObjectInput with `cascade: Boolean = false`: a delete that others' references can refuse.
 * `cascadeDescription` says what is refused without cascade and what happens with it, for this object.
 */
export function DeletionInput(label: string, cascadeDescription: string) {
  @InputType()
  abstract class DeletionInputClass extends ExistingObjectInput(label) {
    @Field({ defaultValue: false, description: cascadeDescription })
    cascade!: boolean;
  }
  return DeletionInputClass;
}
