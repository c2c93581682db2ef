import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import type { ClassType } from "type-graphql";
import { ExistingObjectInput } from "./mutation-inputs";

/** `<Operation>Payload { <field>: <Type>! }`: what a create or update mutation returns. */
export function payloadType<T extends object>(
  name: string,
  nodeType: ClassType<T>,
  field: string,
  description: string,
) {
  @ObjectType(`${name}Payload`, {
    description,
  })
  class Payload {
    @Field(() => nodeType, { name: field, description: `The ${field} as stored after the change.` })
    node!: T;
  }
  return Payload;
}

@ObjectType("DeletePayload", {
  description: "What a delete mutation removed.",
})
export class DeletePayload {
  @Field(() => ID, { description: "Global id of the deleted object." })
  deletedId!: string;

  @Field(() => Int, { description: "How many other objects the requested cascade deleted or detached." })
  cascaded!: number;
}

/** The input of a delete that nothing refers to, or whose dependants always go with it: nothing to cascade. */
@InputType("DeleteInput", { description: "Which object to delete." })
export class DeleteInput extends ExistingObjectInput("object") {}
