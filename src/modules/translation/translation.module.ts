import { defineFeature } from "../../platform/feature-module";
import { translationDirectorySection } from "./translation.directory";
import { Translation } from "./translation.entity";
import { createTranslationLoaders } from "./translation.loaders";
import { TranslationMutations } from "./translation.mutations";
import { TRANSLATABLE_TYPES } from "./translation.rules";
import { TRANSLATION_FIELD_RESOLVERS, TranslationMutationResolver } from "./translation.resolver";

/**
 * English, French and Spanish translations of names, titles, summaries, focus areas and pillar names
 * (translation.rules.ts lists them), answered in the request's language with a fallback to the text as stored.
 * Listed after every feature whose types it translates: it answers fields of their types.
 */
export const translationFeature = defineFeature({
  name: "translation",
  entities: [Translation],
  resolvers: [...TRANSLATION_FIELD_RESOLVERS, TranslationMutationResolver],
  services: ({ mutations }) => [new TranslationMutations(mutations)],
  loaders: createTranslationLoaders,
  nodes: { Translation: { loader: "translationById" } },
  // An object has one to three texts, in three languages at most: about ten translations.
  listSizes: Object.fromEntries(TRANSLATABLE_TYPES.map((type) => [`${type}.translations`, 10])),
  directory: translationDirectorySection,
});
