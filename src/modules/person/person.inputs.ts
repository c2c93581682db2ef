import { MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

@InputType("PersonFilter", { description: "Narrows a list of people." })
export class PersonFilter {
  @Field(() => String, { nullable: true, description: "Only people whose name contains this text (case-insensitive)." })
  @MaxLength(200)
  search?: string | null;
}
