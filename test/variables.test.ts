import "reflect-metadata";
import { getMetadataStorage } from "class-validator";
import type { ValidationMetadata } from "class-validator/types/metadata/ValidationMetadata";
import { isInputObjectType } from "graphql";
import { VARIABLE_LIMITS } from "../src/platform/pipeline/variables";
import { createSchema } from "../src/app/schema";

/*
 * The pipeline refuses list variables longer than VARIABLE_LIMITS.maxListItems before coercing them (a list of
 * 200,000 items cost seconds of coercion). That bound must never refuse what the API itself would accept: it
 * stays above every @ArrayMaxSize of every input of the schema.
 */
describe("the pipeline's list cap", () => {
  it("is at least every list length an input of the schema accepts", async () => {
    const schema = await createSchema();
    const inputTypes = Object.values(schema.getTypeMap()).filter(isInputObjectType);
    expect(inputTypes.length).toBeGreaterThan(20);
    // class-validator keeps its metadata by class; the schema's input types were built from those classes.
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, ValidationMetadata[]> };
    const maxima = [...storage.validationMetadatas.values()]
      .flat()
      .filter((metadata) => metadata.name === "arrayMaxSize")
      .map((metadata) => Number(metadata.constraints[0]));
    expect(maxima.length).toBeGreaterThan(5);
    expect(Math.max(...maxima)).toBeLessThanOrEqual(VARIABLE_LIMITS.maxListItems);
  });
});
