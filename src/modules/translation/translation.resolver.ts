import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { DeletePayload, payloadType } from "../../common/payloads";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import type { GatewayContext } from "../../platform/context";
import { Translation } from "./translation.entity";
import { Language, languageCodeOf } from "./translation.enums";
import { RemoveTranslationInput, SetTranslationInput } from "./translation.mutation-inputs";
import { TranslationMutations } from "./translation.mutations";
import { translatedOptional } from "./translation.text";
import type { TranslatableType } from "./translation.rules";
import { TRANSLATABLE } from "./translation.rules";
import type { ClassOf } from "../../platform/feature-module";

/*
 * The translatable fields of every translatable type (translation.rules.ts: TRANSLATABLE), answered in the
 * request's language (translation.text.ts), each with a `lang` argument, and each type's `translations`. The
 * fields stay declared where they are (their entities): these resolvers only answer them. One resolver class per
 * type is made from the TRANSLATABLE table, so that the fields the rules accept translations of and the fields
 * that answer in a language cannot drift apart.
 */

const LANG = {
  nullable: true,
  description:
    "Language to answer in, instead of the request's (`Accept-Language`). Without a translation into it, the text as stored.",
} as const;

const TRANSLATIONS = {
  description: "The translations of this object's texts that exist, by field, then language.",
} as const;

/** A row of a translatable type, its translatable fields read by name. */
type TranslatableRow = { id: number } & Record<string, unknown>;

/**
 * The resolver of one translatable type: `translations`, and each translatable field with its `lang` argument.
 * The field methods are added and decorated here, one per field of the table, as TypeScript's decorators would
 * add them to a written-out class (type-graphql reads the same metadata either way; the schema test and
 * `schema.graphql` show each field's argument where it is).
 */
function translationResolverOf(typename: string, type: TranslatableType): ClassOf {
  class TranslatedFields {
    @FieldResolver(() => [Translation], TRANSLATIONS)
    translations(@Root() row: TranslatableRow, @Ctx() ctx: GatewayContext): Promise<Translation[]> {
      return ctx.loaders.translationLists.load(typename, row.id);
    }
  }
  const prototype = TranslatedFields.prototype as unknown as Record<string, unknown>;
  for (const field of Object.keys(type.fields)) {
    prototype[field] = (
      row: TranslatableRow,
      ctx: GatewayContext,
      lang?: Language | null,
    ): string | null | Promise<string | null> =>
      translatedOptional(ctx, typename, row.id, field, row[field] as string | null, languageCodeOf(lang));
    Reflect.defineMetadata("design:returntype", Object, prototype, field);
    Reflect.defineMetadata("design:paramtypes", [Object, Object, Object], prototype, field);
    Root()(prototype, field, 0);
    Ctx()(prototype, field, 1);
    Arg("lang", () => Language, LANG)(prototype, field, 2);
    FieldResolver()(prototype, field, Object.getOwnPropertyDescriptor(prototype, field)!);
  }
  Object.defineProperty(TranslatedFields, "name", { value: `${typename}TranslationResolver` });
  Resolver(() => type.entity)(TranslatedFields);
  return TranslatedFields;
}

/** The resolvers of every translatable type, in TRANSLATABLE's order. */
export const TRANSLATION_FIELD_RESOLVERS: readonly ClassOf[] = Object.entries(TRANSLATABLE).map(([typename, type]) =>
  translationResolverOf(typename, type),
);

const SetTranslationPayload = payloadType(
  "SetTranslation",
  Translation,
  "translation",
  "The translation as stored after the change.",
);

/** `setTranslation` and `removeTranslation`: editors' changes, audited (translation.mutations.ts). */
@Resolver(() => Translation)
export class TranslationMutationResolver {
  constructor(private readonly translationMutations: TranslationMutations) {}

  @Authorized(Role.EDITOR)
  @Mutation(() => SetTranslationPayload, {
    description:
      "Adds the translation of one text of an object into one language, or replaces the one there is. The field must be translatable for the object's type, the object must have a text there, and the translation may be no longer than the original's field allows.",
  })
  setTranslation(@Arg("input") input: SetTranslationInput, @Ctx() ctx: GatewayContext) {
    return this.translationMutations.set(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description:
      "Removes a translation: the field is answered as stored again in that language (NOT_FOUND if there is none).",
  })
  removeTranslation(@Arg("input") input: RemoveTranslationInput, @Ctx() ctx: GatewayContext) {
    return this.translationMutations.remove(actorOf(ctx), input);
  }
}
