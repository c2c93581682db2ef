import { forbiddenCharacterIn, forbiddenCharacterMessage } from "../../common/control-characters";
import type { FieldProblem } from "../../common/errors";
import {
  dateOrderProblems,
  isCalendarDate,
  listedTwiceProblems,
  normaliseText,
  repeatedKeyProblems,
  scalarProblem,
  textLengthMessage,
} from "../../common/input-rules";
import { DateScalar } from "../../common/scalars";
import { speakersAreParticipants } from "../agenda/agenda.rules";
import {
  meetingSlugTaken,
  roleTaken,
  sourceTaken,
  sourceUrlProblems,
  meetingTimeProblems,
  timeZoneProblems,
} from "../meeting/meeting.rules";
import { countryCodeProblems, isoCodeTaken, organisationSlugTaken } from "../member/member.rules";
import { memberOrOrganisationProblems, personSlugTaken } from "../person/person.rules";
import { regionCodeTaken } from "../region/region.rules";
import { pillarNameTaken, themeYearTaken } from "../theme/theme.rules";
import type { DirectorySection } from "../../platform/directory-section";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv from "ajv";
import type { DirectoryFile } from "./directory-file";
import { PATTERN_MESSAGES, directoryFileSchema } from "./directory-file";
import { normaliseDirectoryFile } from "./directory-normalise";

/** The file breaks the format or its own rules; `problems` says where (`meetings[0].agenda[2].kind`). */
export class DirectoryValidationError extends Error {
  override readonly name = "DirectoryValidationError";

  constructor(readonly problems: FieldProblem[]) {
    super(
      `The directory file is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}): ` +
        problems
          .slice(0, 5)
          .map((p) => `${p.path}: ${p.message}`)
          .join("; "),
    );
  }
}

/** A source's natural key: its title with its publication date. */
const sourceKey = (source: { title: string; publishedOn: string }) => `${source.publishedOn}\u0000${source.title}`;

/**
 * Rules that one record, or one file, can break on its own, checked before any database access: the API's
 * own rules (src/modules/<feature>/<feature>.rules.ts), with the path of the field at fault in the file. A
 * natural key given twice in one file is refused as the mutation that would create the second record is.
 */
function checkFileRules(file: DirectoryFile, sections: readonly DirectorySection[]): FieldProblem[] {
  const problems: FieldProblem[] = [
    ...repeatedKeyProblems(
      file.regions,
      (region) => region.code,
      (region, i) => regionCodeTaken(region.code, `regions[${i}].code`),
    ),
    ...repeatedKeyProblems(
      file.organisations,
      (organisation) => organisation.slug,
      (organisation, i) => organisationSlugTaken(organisation.slug, `organisations[${i}].slug`),
    ),
    ...repeatedKeyProblems(
      file.members,
      (member) => member.isoCode,
      (member, i, first) => isoCodeTaken(member.isoCode, first.name, `members[${i}].isoCode`),
    ),
    ...repeatedKeyProblems(
      file.people,
      (person) => person.slug,
      (person, i) => personSlugTaken(person.slug, `people[${i}].slug`),
    ),
    ...repeatedKeyProblems(
      file.themes,
      (theme) => theme.year,
      (theme, i) => themeYearTaken(theme.year, `themes[${i}].year`),
    ),
    ...repeatedKeyProblems(file.sources, sourceKey, (source, i) =>
      sourceTaken(source.publishedOn, `sources[${i}].title`),
    ),
    ...repeatedKeyProblems(
      file.meetings,
      (meeting) => meeting.slug,
      (meeting, i) => meetingSlugTaken(meeting.slug, `meetings[${i}].slug`),
    ),
    ...sections.flatMap((section) => section.fileProblems?.(file) ?? []),
  ];
  /**
   * A date the `Date` scalar refuses (`2021-02-30`), as the API refuses it. The scalar takes every date that
   * isCalendarDate (its own last check) takes, so only the others are put to it, for its verdict and words.
   */
  const checkDate = (date: string | null | undefined, path: string): boolean => {
    const problem = date && !isCalendarDate(date) ? scalarProblem(DateScalar, date) : null;
    if (problem !== null) problems.push({ path, message: problem });
    return problem === null;
  };
  const checkDates = (path: string, start?: string | null, end?: string | null) => {
    if (checkDate(start, `${path}.startDate`) && checkDate(end, `${path}.endDate`))
      problems.push(...dateOrderProblems(start, end, `${path}.endDate`));
  };
  file.members?.forEach((member, i) => problems.push(...countryCodeProblems(member.isoCode, `members[${i}].isoCode`)));
  file.people?.forEach((person, i) =>
    person.appointments?.forEach((appointment, j) => {
      const path = `people[${i}].appointments[${j}]`;
      problems.push(
        ...memberOrOrganisationProblems(
          Boolean(appointment.member),
          Boolean(appointment.organisation),
          `${path}.organisation`,
        ),
      );
      checkDates(path, appointment.startDate, appointment.endDate);
    }),
  );
  file.themes?.forEach((theme, i) =>
    problems.push(
      ...repeatedKeyProblems(
        theme.pillars,
        (pillar) => pillar.name,
        (pillar, j) => pillarNameTaken(pillar.name, `themes[${i}].pillars[${j}].name`),
      ),
    ),
  );
  file.sources?.forEach((source, i) => {
    checkDate(source.publishedOn, `sources[${i}].publishedOn`);
    if (source.url) problems.push(...sourceUrlProblems(source.url, `sources[${i}].url`));
  });
  file.meetings?.forEach((meeting, i) => {
    const path = `meetings[${i}]`;
    checkDates(path, meeting.startDate, meeting.endDate);
    if (meeting.timezone) problems.push(...timeZoneProblems(meeting.timezone, `${path}.timezone`));
    problems.push(...meetingTimeProblems(meeting, `${path}.`));
    problems.push(
      ...repeatedKeyProblems(
        meeting.participants,
        (participant) => `${participant.person}/${participant.role}`,
        (participant, j) => roleTaken(participant.person, participant.role, `${path}.participants[${j}].role`),
      ),
    );
    if (meeting.sources) problems.push(...listedTwiceProblems(meeting.sources, `${path}.sources`, sourceKey));
    const participants = meeting.participants && new Set(meeting.participants.map((p) => p.person));
    meeting.agenda?.forEach((item, j) => {
      const at = `${path}.agenda[${j}]`;
      problems.push(...listedTwiceProblems(item.speakers, `${at}.speakers`));
      problems.push(...listedTwiceProblems(item.topics, `${at}.topics`));
      // Without the meeting's participants in the file, the stored ones count (src/modules/directory/directory-conflicts.ts).
      if (participants) problems.push(...speakersAreParticipants(item.speakers, participants, `${at}.speakers`));
    });
  });
  return problems;
}

/** The compiled schema of each list of sections: compiled once for the feature list. */
const validators = new WeakMap<readonly DirectorySection[], ValidateFunction<DirectoryFile>>();

/**
 * The file's schema with the features' sections, compiled (and a section or meeting field named twice refused)
 * on first use; the directory service asks for it as it is created, so that the gateway refuses to start.
 */
export function shapeValidator(sections: readonly DirectorySection[]): ValidateFunction<DirectoryFile> {
  let validate = validators.get(sections);
  if (!validate) {
    // `verbose` gives each error its schema and value: the limits a length message names, and whether the text is blank.
    validate = new Ajv({ allErrors: true, strict: true, verbose: true }).compile<DirectoryFile>(
      directoryFileSchema(sections),
    );
    validators.set(sections, validate);
  }
  return validate;
}

/** `/meetings/3/agenda/0/kind` → `meetings[3].agenda[0].kind`, the path style every error here uses. */
function pathOf(error: ErrorObject): string {
  const segments = error.instancePath.split("/").slice(1);
  if (error.keyword === "additionalProperties") segments.push(String(error.params.additionalProperty));
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  return segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    "",
  );
}

/** The field a path ends at (`topics` of `meetings[0].agenda[1].topics[2]`), and whether at an item of its list. */
function fieldOf(path: string): { field: string; each: boolean } {
  const match = /([^.[\]]+)(\[\d+\])?$/.exec(path);
  return { field: match?.[1] ?? "value", each: Boolean(match?.[2]) };
}

/**
 * What is wrong, in the words the API uses for the same rule: the rule's own message for a pattern (a slug, an
 * ISO code), and class-validator's wording, which the API's inputs answer with, for a limit.
 */
function messageOf(error: ErrorObject, path: string): string {
  const { field, each } = fieldOf(path);
  const limit = error.params.limit as number;
  switch (error.keyword) {
    case "additionalProperties":
      return "is not a field of this record";
    case "required":
      return "is required";
    case "enum":
      return `must be one of ${(error.params.allowedValues as string[]).join(", ")}`;
    case "pattern":
      return PATTERN_MESSAGES.get(String(error.params.pattern)) ?? error.message ?? "is invalid";
    case "minLength":
    case "maxLength": {
      const { minLength = 0, maxLength = Infinity } = (error.parentSchema ?? {}) as {
        minLength?: number;
        maxLength?: number;
      };
      return textLengthMessage(field, minLength, maxLength, each);
    }
    case "minimum":
      return `${field} must not be less than ${limit}`;
    case "maximum":
      return `${field} must not be greater than ${limit}`;
    case "maxItems":
      return `${field} must contain no more than ${limit} elements`;
    default:
      return error.message ?? "is invalid";
  }
}

/** A text that is blank once trimmed is refused as blank (or by its pattern), never as too short: as `@TextLength`. */
function isBlankTooShort(error: ErrorObject): boolean {
  return error.keyword === "minLength" && typeof error.data === "string" && normaliseText(error.data) === "";
}

/**
 * Turns parsed JSON into a validated DirectoryFile, or throws DirectoryValidationError listing every
 * problem found. Unknown fields are errors, not silently dropped: a typo must not lose data. Texts, ISO codes,
 * URLs and time zones are first normalised in place by the API's own rules (src/modules/directory/directory-normalise.ts).
 */
export function validateDirectoryFile(input: unknown, sections: readonly DirectorySection[]): DirectoryFile {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new DirectoryValidationError([{ path: "", message: "a directory file is a JSON object" }]);
  }
  // Before normalising: trimming must not quietly drop a control character (a vertical tab) the API refuses.
  const characterProblems = forbiddenCharacters(input);
  if (characterProblems.length) throw new DirectoryValidationError(characterProblems);
  const blankTexts = normaliseDirectoryFile(input, sections);
  const validateShape = shapeValidator(sections);
  if (!validateShape(input)) {
    const errors = validateShape.errors ?? [];
    // With `nullable`, Ajv reports a wrong type twice; keep one problem per path and message. A blank text
    // is reported once, as blank, not again as too short.
    const seen = new Set<string>(blankTexts.map((problem) => problem.path));
    const problems = errors
      .filter((error) => !isBlankTooShort(error))
      .map((error) => {
        const path = pathOf(error);
        return { path, message: messageOf(error, path) };
      })
      .filter(
        (problem) =>
          !seen.has(problem.path) &&
          !seen.has(`${problem.path}\u0000${problem.message}`) &&
          seen.add(`${problem.path}\u0000${problem.message}`),
      );
    throw new DirectoryValidationError([...blankTexts, ...problems].slice(0, 100));
  }
  if (blankTexts.length) throw new DirectoryValidationError(blankTexts);
  const ruleProblems = checkFileRules(input, sections);
  if (ruleProblems.length) throw new DirectoryValidationError(ruleProblems.slice(0, 100));
  return input;
}

/**
 * Every text of the file that holds a control character or an unpaired surrogate (the API's rule, from
 * src/common/control-characters.ts: such text could not be found, exported and imported unchanged), as
 * problems with their paths; the first 100. Walked without recursion: a file may hold 100,000 meetings.
 */
function forbiddenCharacters(file: object): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string }[] = [{ value: file, path: "" }];
  while (pending.length && problems.length < 100) {
    const { value, path } = pending.pop()!;
    if (typeof value === "string") {
      const character = forbiddenCharacterIn(value);
      if (character) problems.push({ path, message: forbiddenCharacterMessage(character) });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: `${path}[${i}]` });
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        pending.push({ value: (value as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key });
      }
    }
  }
  return problems;
}
