import type { FieldProblem } from "../../common/errors";
import type { DirectorySection, NormalisationPlan } from "../../platform/directory-section";
import {
  BLANK_TEXT_MESSAGE,
  normaliseIsoCode,
  normaliseText,
  normaliseTimeZone,
  normaliseUrl,
} from "../../common/input-rules";

/*
 * A directory file's values normalised by the very rules the mutations apply (src/common/input-rules.ts), before
 * the file is validated: a name is stored trimmed and in NFC whether it came through `createMember` or a file,
 * `gt` is `GT` in both, and a natural key written either way (a pillar named by an agenda item, a source named
 * by a meeting, a Member named as host) finds the record it names.
 */

/** Normalises one string; returns the value to store, or the problem that makes it unstorable. */
type StringRule = (value: string) => string | { problem: string };

/** Where in a file each rule applies: a string, each item of a list, or named fields of a record. */
type Plan = StringRule | { each: Plan } | { fields: Record<string, Plan> };

const text: StringRule = (value) => normaliseText(value) || { problem: BLANK_TEXT_MESSAGE };
const isoCode: StringRule = normaliseIsoCode;
const url: StringRule = normaliseUrl;
const timeZone: StringRule = normaliseTimeZone;
const each = (plan: Plan): Plan => ({ each: plan });
const fields = (plan: Record<string, Plan>): Plan => ({ fields: plan });

/** The rules a feature's plan names (src/platform/directory-section.ts). */
const RULES: Readonly<Record<Extract<NormalisationPlan, string>, StringRule>> = { text, isoCode, url, timeZone };

/** A feature's plan, with its rules' names replaced by the rules. */
function planOf(plan: NormalisationPlan): Plan {
  if (typeof plan === "string") return RULES[plan];
  if ("each" in plan) return each(planOf(plan.each));
  return fields(Object.fromEntries(Object.entries(plan.fields).map(([name, field]) => [name, planOf(field)])));
}

/** The plans of the features' sections by key, or of the fields they add to meeting records by name. */
function featurePlans(plans: readonly Readonly<Record<string, NormalisationPlan>>[]): Record<string, Plan> {
  return Object.fromEntries(
    plans.flatMap((byName) => Object.entries(byName).map(([name, plan]) => [name, planOf(plan)])),
  );
}

/**
 * Every normalised field of the format (src/modules/directory/directory-file.ts), the features' sections and
 * meeting fields in their places; codes and slugs are refused, not fixed.
 */
const directoryPlan = (sections: readonly DirectorySection[]): Plan =>
  fields({
    regions: each(fields({ name: text })),
    organisations: each(fields({ name: text, shortName: text, countryName: text })),
    members: each(fields({ isoCode, name: text, shortName: text, countryName: text })),
    people: each(fields({ name: text, honorific: text, appointments: each(fields({ title: text, member: isoCode })) })),
    themes: each(fields({ title: text, pillars: each(fields({ name: text, focusAreas: each(text) })) })),
    sources: each(fields({ title: text, publisher: text, url })),
    ...featurePlans(sections.map((section) => (section.normalise ? { [section.key]: section.normalise } : {}))),
    meetings: each(
      fields({
        title: text,
        summary: text,
        timezone: timeZone,
        host: isoCode,
        ...featurePlans(sections.map((section) => section.meetingNormalise ?? {})),
        agenda: each(fields({ title: text, summary: text, pillar: text, topics: each(text) })),
        sources: each(fields({ title: text })),
      }),
    ),
  });

const MAX_PROBLEMS = 100;

/** `["meetings", 3, "title"]` → `meetings[3].title`, the path style of every directory problem. */
function pathOf(segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === "number" ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    "",
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Normalises `value` where it is, returning it (or its normalised replacement, for a string). */
type Walker = (value: unknown, segments: (string | number)[], problems: FieldProblem[]) => unknown;

/**
 * Compiles `plan` into a walker that writes normalised strings back in place. Values of the wrong type are
 * left alone for the schema to report. Recursion is bounded by the plan (four levels), not by the file; paths
 * are formatted only for problems, and nothing is written where nothing changes: a file may hold millions of
 * strings (100,000 meetings with ten agenda items each take about half a second).
 */
function compile(plan: Plan): Walker {
  if (typeof plan === "function") {
    return (value, segments, problems) => {
      if (typeof value !== "string") return value;
      const result = plan(value);
      if (typeof result === "string") return result;
      if (problems.length < MAX_PROBLEMS) problems.push({ path: pathOf(segments), message: result.problem });
      return value;
    };
  }
  if ("each" in plan) {
    const item = compile(plan.each);
    return (value, segments, problems) => {
      if (!Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i++) {
        const before: unknown = value[i];
        segments.push(i);
        const after = item(before, segments, problems);
        segments.pop();
        if (after !== before) value[i] = after;
      }
      return value;
    };
  }
  const fieldNames = Object.keys(plan.fields);
  const fieldWalkers = fieldNames.map((name) => compile(plan.fields[name]!));
  return (value, segments, problems) => {
    if (!isRecord(value)) return value;
    for (let f = 0; f < fieldNames.length; f++) {
      const name = fieldNames[f]!;
      const before = value[name];
      if (before === undefined || before === null) continue;
      segments.push(name);
      const after = fieldWalkers[f]!(before, segments, problems);
      segments.pop();
      if (after !== before) value[name] = after;
    }
    return value;
  };
}

/** The walker of each list of sections: compiled once for the feature list. */
const walkers = new WeakMap<readonly DirectorySection[], Walker>();

/**
 * Normalises the texts, ISO codes, URLs and time zones of a parsed directory file in place (the parsed JSON
 * belongs to the one import that reads it) and returns what cannot be stored at all: texts that are blank
 * once trimmed, with their paths.
 */
export function normaliseDirectoryFile(file: unknown, sections: readonly DirectorySection[]): FieldProblem[] {
  let normaliseDirectory = walkers.get(sections);
  if (!normaliseDirectory) walkers.set(sections, (normaliseDirectory = compile(directoryPlan(sections))));
  const problems: FieldProblem[] = [];
  normaliseDirectory(file, [], problems);
  return problems;
}
