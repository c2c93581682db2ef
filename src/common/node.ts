import { Field, ID, InterfaceType } from "type-graphql";
import { encodeGlobalId } from "./global-id";

/** Every entity class that is a GraphQL `Node` names its GraphQL type once, here. */
export interface NodeClass {
  readonly typename: string;
}

export function typenameOf(value: object): string {
  return (value.constructor as unknown as NodeClass).typename;
}

@InterfaceType("Node", {
  description:
    "An object with a global id. Every entity of the directory is a Node: fetch any of them again with `node(id:)`.",
  resolveType: (value: object) => typenameOf(value),
})
export abstract class Node {
  /** The database primary key; never exposed, clients see the opaque global id instead. */
  abstract id: number;

  @Field(() => ID, {
    name: "id",
    description: "Opaque, globally unique id. Pass it back to `node(id:)`; do not parse it.",
  })
  get globalId(): string {
    return encodeGlobalId(typenameOf(this), this.id);
  }
}
