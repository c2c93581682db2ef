import { Length, Matches } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { TextLength } from "../../common/input-rules";

@InputType("CreateRegionInput", { description: "A new WCO region." })
export class CreateRegionInput {
  @Field({
    description: "Stable code: upper case letters, digits and `_`, e.g. `AMERICAS_CARIBBEAN`. Cannot change later.",
  })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: "must be upper case letters, digits and _" })
  @Length(2, 40)
  code!: string;

  @Field({ description: "Name, 1–200 characters." })
  @TextLength(1, 200)
  name!: string;
}

@InputType("UpdateRegionInput", { description: "Changes to a region. Its code never changes." })
export class UpdateRegionInput {
  @Field(() => ID, { description: "The region's id." })
  id!: string;

  @Field(() => Int, { nullable: true, description: "Refuse (CONFLICT) unless the region is still at this version." })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: "New name, 1–200 characters." })
  @TextLength(1, 200)
  name?: string;
}
