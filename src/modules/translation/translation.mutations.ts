import { BadUserInputError, NotFoundError } from "../../common/errors";
import { encodeGlobalId, tryDecodeGlobalId } from "../../common/global-id";
import { cleanText, refuse, refuseIf } from "../../common/input-rules";
import type { DeletePayload } from "../../common/payloads";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import { Translation } from "./translation.entity";
import type { Language } from "./translation.enums";
import { languageCodeOf } from "./translation.enums";
import type { RemoveTranslationInput, SetTranslationInput } from "./translation.mutation-inputs";
import { originalText } from "./translation.objects";
import { TRANSLATABLE, translatableFieldLimit, translationTextProblems } from "./translation.rules";

/** Which object of which type an input's `id` names, with the limit of its `field`: refused otherwise. */
function target(globalId: string, field: string): { typename: string; id: number; limit: number } {
  const decoded = tryDecodeGlobalId(globalId);
  if (!decoded) throw BadUserInputError.forField("input.id", `"${globalId}" is not an id`);
  if (!TRANSLATABLE[decoded.typeName]) {
    throw BadUserInputError.forField("input.id", `a ${decoded.typeName} has no translatable field`);
  }
  const limit = translatableFieldLimit(decoded.typeName, field, "input.field");
  if (typeof limit !== "number") refuse(limit);
  return { typename: decoded.typeName, id: decoded.id, limit };
}

/** Adds, replaces and removes translations: one audited transaction each (translation.rules.ts holds the rules). */
export class TranslationMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private stored(tx: Transaction, typename: string, id: number, field: string, language: Language) {
    return tx.em.findOneBy(Translation, {
      entityType: typename,
      entityId: id,
      field,
      language: languageCodeOf(language)!,
    });
  }

  set(actor: Actor, input: SetTranslationInput): Promise<{ node: Translation }> {
    return this.mutations.run(actor, "setTranslation", async (tx) => {
      const { typename, id, limit } = target(input.id, input.field);
      const text = cleanText(input.text, "input.text");
      refuseIf(translationTextProblems(text, limit, "input.text"));
      const object = await tx.get(TRANSLATABLE[typename]!.entity, input.id, "input.id");
      if ((await originalText(tx.em, object, input.field)) === null) {
        throw BadUserInputError.forField("input.field", `the ${typename} has no ${input.field} to translate`);
      }
      const existing = await this.stored(tx, typename, id, input.field, input.language);
      if (existing) return { node: await tx.update(existing, { text }, input.expectedVersion) };
      return {
        node: await tx.insert(Translation, {
          entityType: typename,
          entityId: id,
          field: input.field,
          language: languageCodeOf(input.language)!,
          text,
        }),
      };
    });
  }

  remove(actor: Actor, input: RemoveTranslationInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "removeTranslation", async (tx) => {
      const { typename, id } = target(input.id, input.field);
      const existing = await this.stored(tx, typename, id, input.field, input.language);
      if (!existing) throw new NotFoundError("Translation", `${input.field} (${input.language}) of ${input.id}`);
      await tx.remove(existing);
      return { deletedId: encodeGlobalId(Translation.typename, existing.id), cascaded: 0 };
    });
  }
}
