import { IsUrl, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { SLUG_MESSAGE, SLUG_PATTERN, TextLength } from "../../common/input-rules";
import { DeletionInput, ExistingObjectInput } from "../../common/mutation-inputs";
import { CountryCodeScalar, TimeZoneScalar } from "../../common/scalars";
import { ONLINE_LINK_LIMITS, ONLINE_URL_MESSAGE, ONLINE_URL_OPTIONS, VENUE_LIMITS } from "./venue.rules";

@InputType("CreateVenueInput", { description: "A new venue." })
export class CreateVenueInput {
  @Field({ description: "Stable, URL-safe key, unique, e.g. `wco-headquarters-brussels`." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, VENUE_LIMITS.slug)
  slug!: string;

  @Field({ description: `Name, 1–${VENUE_LIMITS.name} characters.` })
  @TextLength(1, VENUE_LIMITS.name)
  name!: string;

  @Field(() => String, { nullable: true, description: `City, 1–${VENUE_LIMITS.city} characters.` })
  @TextLength(1, VENUE_LIMITS.city)
  city?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: "ISO 3166-1 alpha-2 code of the country, e.g. `BE`." })
  countryCode?: string | null;

  @Field(() => String, { nullable: true, description: `Street address, 1–${VENUE_LIMITS.address} characters.` })
  @TextLength(1, VENUE_LIMITS.address)
  address?: string | null;

  @Field(() => TimeZoneScalar, { nullable: true, description: "IANA time zone of the place, e.g. `Europe/Brussels`." })
  timezone?: string | null;
}

@InputType("UpdateVenueInput", {
  description: "Changes to a venue; omitted fields stay as they are, `null` clears optional ones.",
})
export class UpdateVenueInput extends ExistingObjectInput("venue") {
  @Field(() => String, { nullable: true, description: "New slug; must stay unique." })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @TextLength(1, VENUE_LIMITS.slug)
  slug?: string;

  @Field(() => String, { nullable: true, description: "New name." })
  @TextLength(1, VENUE_LIMITS.name)
  name?: string;

  @Field(() => String, { nullable: true, description: "New city; `null` clears it." })
  @TextLength(1, VENUE_LIMITS.city)
  city?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: "New country code; `null` clears it." })
  countryCode?: string | null;

  @Field(() => String, { nullable: true, description: "New address; `null` clears it." })
  @TextLength(1, VENUE_LIMITS.address)
  address?: string | null;

  @Field(() => TimeZoneScalar, { nullable: true, description: "New time zone; `null` clears it." })
  timezone?: string | null;
}

@InputType("DeleteVenueInput", { description: "Which venue to delete, and whether to cascade." })
export class DeleteVenueInput extends DeletionInput(
  "venue",
  "Without cascade, a venue where meetings are held is not deleted (CONFLICT). With cascade, those meetings lose their venue.",
) {}

@InputType("OnlineLinkInput", { description: "Where to join a meeting online." })
export class OnlineLinkInput {
  @Field({ description: `The link: an http or https URL, up to ${ONLINE_LINK_LIMITS.url} characters.` })
  @IsUrl(ONLINE_URL_OPTIONS, { message: ONLINE_URL_MESSAGE })
  @TextLength(1, ONLINE_LINK_LIMITS.url)
  url!: string;

  @Field(() => String, {
    nullable: true,
    description: `The platform, e.g. \`Zoom\`, 1–${ONLINE_LINK_LIMITS.platform} characters.`,
  })
  @TextLength(1, ONLINE_LINK_LIMITS.platform)
  platform?: string | null;
}
