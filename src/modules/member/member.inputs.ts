import { ArrayMaxSize, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

@InputType("MemberFilter", { description: "Narrows a list of Members. Conditions combine with AND." })
export class MemberFilter {
  @Field(() => [String], {
    nullable: true,
    description:
      "Only Members of these regions (region codes, e.g. `AMERICAS_CARIBBEAN`). Unknown codes match nothing.",
  })
  @ArrayMaxSize(10)
  regionCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Only Members whose name, short name or country name contains this text (case-insensitive).",
  })
  @MaxLength(200)
  search?: string | null;
}
