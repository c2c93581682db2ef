import { Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { SLUG_MESSAGE, SLUG_PATTERN, TextLength } from "../../common/input-rules";
import { DeletionInput, ExistingObjectInput } from "../../common/mutation-inputs";
import { DateScalar } from "../../common/scalars";
import { OfficeKind } from "./appointment.entity";
import { APPOINTMENT_LIMITS, PERSON_LIMITS } from "./person.rules";

@InputType("CreatePersonInput", { description: "A new person." })
export class CreatePersonInput {
  @Field({ description: "Stable, URL-safe key, e.g. `kunio-mikuriya`." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, PERSON_LIMITS.slug)
  slug!: string;

  @Field({ description: `Full name, 1–${PERSON_LIMITS.name} characters.` })
  @TextLength(1, PERSON_LIMITS.name)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: `Honorific, e.g. \`Dr.\`; up to ${PERSON_LIMITS.honorific} characters.`,
  })
  @TextLength(1, PERSON_LIMITS.honorific)
  honorific?: string | null;
}

@InputType("UpdatePersonInput", { description: "Changes to a person; omitted fields stay as they are." })
export class UpdatePersonInput extends ExistingObjectInput("person") {
  @Field(() => String, { nullable: true, description: "New full name." })
  @TextLength(1, PERSON_LIMITS.name)
  name?: string;

  @Field(() => String, { nullable: true, description: "New honorific; `null` clears it." })
  @TextLength(1, PERSON_LIMITS.honorific)
  honorific?: string | null;
}

@InputType("DeletePersonInput", { description: "Which person to delete, and whether to cascade." })
export class DeletePersonInput extends DeletionInput(
  "person",
  "The person's appointments are always deleted with them. Without cascade, a person who took part in, spoke at or convened a meeting is not deleted (CONFLICT); with cascade, those participations and speaking slots are deleted and those meetings lose their convener.",
) {}

@InputType("CreateAppointmentInput", { description: "An office a person holds." })
export class CreateAppointmentInput {
  @Field(() => ID, { description: "Who holds the office." })
  personId!: string;

  @Field({ description: `Title of the office, 1–${APPOINTMENT_LIMITS.title} characters.` })
  @TextLength(1, APPOINTMENT_LIMITS.title)
  title!: string;

  @Field(() => OfficeKind, { description: "The kind of office." })
  kind!: OfficeKind;

  @Field(() => ID, {
    nullable: true,
    description: "The Member where it is held (give this or `organisationId`, not both).",
  })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: "The organisation where it is held." })
  organisationId?: string | null;

  @Field(() => ID, { nullable: true, description: "The region the office is for (e.g. a Vice-Chair's)." })
  regionId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "First day in office." })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day in office; not before `startDate`." })
  endDate?: string | null;
}

@InputType("UpdateAppointmentInput", {
  description: "Changes to an appointment; omitted fields stay as they are, `null` clears optional ones.",
})
export class UpdateAppointmentInput extends ExistingObjectInput("appointment") {
  @Field(() => String, { nullable: true, description: "New title." })
  @TextLength(1, APPOINTMENT_LIMITS.title)
  title?: string;

  @Field(() => OfficeKind, { nullable: true, description: "New kind." })
  kind?: OfficeKind;

  @Field(() => ID, { nullable: true, description: "Held at this Member instead; `null` clears." })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: "Held at this organisation instead; `null` clears." })
  organisationId?: string | null;

  @Field(() => ID, { nullable: true, description: "For this region; `null` clears." })
  regionId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "First day in office; `null` clears." })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Last day in office; `null` clears." })
  endDate?: string | null;
}
