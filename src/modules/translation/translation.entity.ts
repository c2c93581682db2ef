import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../../common/node";
import { TrackedNode } from "../../platform/db/entity-columns";
import type { LanguageCode } from "../../common/language";
import { Language, languageOf } from "./translation.enums";
import { TRANSLATION_LIMITS } from "./translation.rules";

/**
 * One text of one object in one language. No foreign key: `entityId` is the primary key of a row of the table
 * `entityType` names; the object's deletion deletes its translations (triggers: migrations/1765267200000-translations.ts).
 */
@ObjectType("Translation", {
  simpleResolvers: true,
  implements: Node,
  description:
    "A translation of one text of one object (a meeting's `title`, a pillar's `focusAreas.2`) into one language.",
})
@Entity({ name: "translation" })
@Index("UQ_translation_entity_field_language", ["entityType", "entityId", "field", "language"], { unique: true })
export class Translation extends TrackedNode {
  static readonly typename = "Translation";

  @PrimaryGeneratedColumn({ name: "id" })
  id!: number;

  /** The GraphQL type of the translated object, e.g. `Meeting`. */
  @Column({ name: "entity_type", type: "varchar", length: TRANSLATION_LIMITS.entityType })
  entityType!: string;

  /** The translated object's primary key. */
  @Column({ name: "entity_id", type: "integer" })
  entityId!: number;

  @Field({
    description:
      "The translated field, as the object's GraphQL field is named (`title`, `summary`, `name`…); a focus area is `focusAreas.<position>`, from 1.",
  })
  @Column({ name: "field", type: "varchar", length: TRANSLATION_LIMITS.field })
  field!: string;

  /** The BCP 47 tag of the language, as the directory file and Accept-Language write it. */
  @Column({ name: "language", type: "varchar", length: TRANSLATION_LIMITS.language })
  language!: LanguageCode;

  @Field(() => Language, { name: "language", description: "The language of `text`." })
  get languageValue(): Language {
    return languageOf(this.language);
  }

  @Field({ description: "The translated text." })
  @Column({ name: "text", type: "text" })
  text!: string;
}
