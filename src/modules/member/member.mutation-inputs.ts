import { Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { SLUG_MESSAGE, SLUG_PATTERN, TextLength } from "../../common/input-rules";
import { DeletionInput, ExistingObjectInput } from "../../common/mutation-inputs";
import { CountryCodeScalar } from "../../common/scalars";
import { MEMBER_LIMITS, ORGANISATION_LIMITS } from "./member.rules";
import { OrganisationKind } from "./organisation.entity";

@InputType("CreateMemberInput", { description: "A new WCO Member (customs administration)." })
export class CreateMemberInput {
  @Field({ description: `Full name, 1–${MEMBER_LIMITS.name} characters, e.g. \`Peru Customs\`.` })
  @TextLength(1, MEMBER_LIMITS.name)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: `Short name or acronym, 1–${MEMBER_LIMITS.shortName} characters, e.g. \`SUNAT\`.`,
  })
  @TextLength(1, MEMBER_LIMITS.shortName)
  shortName?: string | null;

  @Field({ description: `Country or customs territory, 1–${MEMBER_LIMITS.countryName} characters.` })
  @TextLength(1, MEMBER_LIMITS.countryName)
  countryName!: string;

  @Field(() => CountryCodeScalar, { description: "ISO 3166-1 alpha-2 code; unique among Members." })
  isoCode!: string;

  @Field(() => ID, { description: "The region the Member belongs to." })
  regionId!: string;
}

@InputType("UpdateMemberInput", { description: "Changes to a Member; omitted fields stay as they are." })
export class UpdateMemberInput extends ExistingObjectInput("Member") {
  @Field(() => String, { nullable: true, description: "New full name." })
  @TextLength(1, MEMBER_LIMITS.name)
  name?: string;

  @Field(() => String, { nullable: true, description: "New short name; `null` clears it." })
  @TextLength(1, MEMBER_LIMITS.shortName)
  shortName?: string | null;

  @Field(() => String, { nullable: true, description: "New country name." })
  @TextLength(1, MEMBER_LIMITS.countryName)
  countryName?: string;

  @Field(() => CountryCodeScalar, { nullable: true, description: "New ISO code; must stay unique." })
  isoCode?: string;

  @Field(() => ID, { nullable: true, description: "Move the Member to this region." })
  regionId?: string;
}

@InputType("DeleteMemberInput", { description: "Which Member to delete, and whether to cascade." })
export class DeleteMemberInput extends DeletionInput(
  "Member",
  "Without cascade, a Member that hosted meetings or where offices are held is not deleted (CONFLICT). With cascade, those meetings lose their host and those appointments are deleted.",
) {}

@InputType("CreateOrganisationInput", { description: "A new organisation that is not a WCO Member." })
export class CreateOrganisationInput {
  @Field({ description: "Stable, URL-safe key, e.g. `wco-secretariat`." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, ORGANISATION_LIMITS.slug)
  slug!: string;

  @Field({ description: `Full name, 1–${ORGANISATION_LIMITS.name} characters.` })
  @TextLength(1, ORGANISATION_LIMITS.name)
  name!: string;

  @Field(() => String, { nullable: true, description: "Short name or acronym." })
  @TextLength(1, ORGANISATION_LIMITS.shortName)
  shortName?: string | null;

  @Field(() => OrganisationKind, { description: "What kind of body it is." })
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: "Country, for a national body." })
  @TextLength(1, ORGANISATION_LIMITS.countryName)
  countryName?: string | null;
}

@InputType("UpdateOrganisationInput", { description: "Changes to an organisation; omitted fields stay as they are." })
export class UpdateOrganisationInput extends ExistingObjectInput("organisation") {
  @Field(() => String, { nullable: true, description: "New full name." })
  @TextLength(1, ORGANISATION_LIMITS.name)
  name?: string;

  @Field(() => String, { nullable: true, description: "New short name; `null` clears it." })
  @TextLength(1, ORGANISATION_LIMITS.shortName)
  shortName?: string | null;

  @Field(() => OrganisationKind, { nullable: true, description: "New kind." })
  kind?: OrganisationKind;

  @Field(() => String, { nullable: true, description: "New country; `null` clears it." })
  @TextLength(1, ORGANISATION_LIMITS.countryName)
  countryName?: string | null;
}

@InputType("DeleteOrganisationInput", { description: "Which organisation to delete, and whether to cascade." })
export class DeleteOrganisationInput extends DeletionInput(
  "organisation",
  "Without cascade, an organisation where offices are held is not deleted (CONFLICT). With cascade, those appointments are deleted.",
) {}
