import { Field, ID, InputType, Int } from "type-graphql";
import { Language } from "./translation.enums";

@InputType("SetTranslationInput", {
  description:
    "A translation of one text of one object: added, or replacing the one in the same language. Its text is held to the original field's length limit.",
})
export class SetTranslationInput {
  @Field(() => ID, { description: "The translated object's id: a Meeting, AgendaItem, Member, Region… id." })
  id!: string;

  @Field({
    description:
      "The field translated, as the object's GraphQL field is named (`title`, `summary`, `name`, `shortName`…); a pillar's focus area is `focusAreas.<position>`, from 1.",
  })
  field!: string;

  @Field(() => Language, { description: "The language of `text`." })
  language!: Language;

  @Field({ description: "The translated text; trimmed, not blank, no longer than the original field allows." })
  text!: string;

  @Field(() => Int, {
    nullable: true,
    description: "Refuse (CONFLICT) unless the translation being replaced is still at this version.",
  })
  expectedVersion?: number | null;
}

@InputType("RemoveTranslationInput", { description: "Which translation to remove." })
export class RemoveTranslationInput {
  @Field(() => ID, { description: "The translated object's id." })
  id!: string;

  @Field({ description: "The field translated, as in `setTranslation`." })
  field!: string;

  @Field(() => Language, { description: "The language of the translation to remove." })
  language!: Language;
}
