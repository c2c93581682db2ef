/**
 * The layering of src/, checked in CI (`npm run check:layers`). Imports point down only:
 *
 *   app (composition root, command-line tools) → modules (features) → platform (db, http, pipeline, …) → common → config
 *
 * A type-only import counts like any other: a lower layer that needs a higher layer's type should declare the
 * type it needs (a port) and let the higher layer satisfy it.
 */
const LAYERS = [
  { name: "app", path: "^src/app/" },
  { name: "modules", path: "^src/modules/" },
  { name: "platform", path: "^src/platform/" },
  { name: "common", path: "^src/common/" },
  { name: "config", path: "^src/config\\.ts$" },
];

/** A rule per layer: it may not import from any layer above it. */
const upwardImports = LAYERS.slice(1).map((layer, index) => ({
  name: `${layer.name}-imports-upward`,
  comment: `${layer.name} is below ${LAYERS.slice(0, index + 1)
    .map((above) => above.name)
    .join(", ")}: it may not import from them`,
  severity: "error",
  from: { path: layer.path },
  to: { path: LAYERS.slice(0, index + 1).map((above) => above.path) },
}));

module.exports = {
  forbidden: [
    ...upwardImports,
    {
      name: "module-imports-another-modules-internals",
      comment:
        "A feature may use another feature's entities, services, rules and types, but not its resolvers or its module object: those belong to the composition root.",
      severity: "error",
      from: { path: "^src/modules/([^/]+)/" },
      to: { path: "^src/modules/([^/]+)/[^/]+\\.(resolver|module)\\.ts$", pathNot: "^src/modules/$1/" },
    },
    {
      name: "no-circular",
      comment: "Import cycles make start-up order fragile; type-only cycles are harmless and allowed.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-orphans",
      comment: "A source file nothing imports is dead code (entry points excepted).",
      severity: "error",
      from: {
        orphan: true,
        path: "^src/",
        pathNot: ["^src/app/main\\.ts$", "^src/app/cli/", "\\.d\\.ts$", "^src/platform/dashboard/page/"],
      },
      to: {},
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-test-code-in-src",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
