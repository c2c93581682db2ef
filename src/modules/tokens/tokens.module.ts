import { defineFeature } from "../../platform/feature-module";
import { ApiToken } from "./api-token.entity";
import { createTokenLoaders } from "./auth.loaders";
import { TokenResolver } from "./token.resolver";
import { TokenService } from "./token.service";

/** API tokens: who may change the directory. */
export const tokensFeature = defineFeature({
  name: "tokens",
  entities: [ApiToken],
  resolvers: [TokenResolver],
  services: ({ reader, mutations }) => [new TokenService(reader, mutations)],
  loaders: createTokenLoaders,
  nodes: { ApiToken: { loader: "apiTokenById", adminOnly: true } },
  listSizes: { "Query.apiTokens": 100 },
});
