import { Field, InputType } from "type-graphql";
import { CountryCodeScalar } from "../../common/scalars";

@InputType("VenueFilter", { description: "Narrows a list of venues. Conditions combine with AND." })
export class VenueFilter {
  @Field(() => CountryCodeScalar, {
    nullable: true,
    description: "Only venues in this country (ISO 3166-1 alpha-2 code, e.g. `BE`).",
  })
  countryCode?: string | null;
}
