import { Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { TextLength } from "../../common/input-rules";
import { ExistingObjectInput } from "../../common/mutation-inputs";
import { REGION_CODE_MESSAGE, REGION_CODE_PATTERN, REGION_LIMITS } from "./region.rules";

@InputType("CreateRegionInput", { description: "A new WCO region." })
export class CreateRegionInput {
  @Field({
    description: "Stable code: upper case letters, digits and `_`, e.g. `AMERICAS_CARIBBEAN`. Cannot change later.",
  })
  @Matches(REGION_CODE_PATTERN, { message: REGION_CODE_MESSAGE })
  @TextLength(REGION_LIMITS.code.min, REGION_LIMITS.code.max)
  code!: string;

  @Field({ description: `Name, 1–${REGION_LIMITS.name} characters.` })
  @TextLength(1, REGION_LIMITS.name)
  name!: string;
}

@InputType("UpdateRegionInput", { description: "Changes to a region. Its code never changes." })
export class UpdateRegionInput extends ExistingObjectInput("region") {
  @Field(() => String, { nullable: true, description: `New name, 1–${REGION_LIMITS.name} characters.` })
  @TextLength(1, REGION_LIMITS.name)
  name?: string;
}
