import type { DataSource } from "typeorm";
import { directorySections } from "../../src/app/features";
import { applyDirectory } from "../../src/modules/directory/directory-apply";
import type { DirectoryFile, MeetingRecord } from "../../src/modules/directory/directory-file";
import { validateDirectoryFile } from "../../src/modules/directory/directory-validation";
import { AgendaItemKind } from "../../src/modules/agenda/agenda.enums";
import { MeetingKind, ParticipationRole } from "../../src/modules/meeting/meeting.enums";

/** Two Members per region (besides the seeded PE and GT), so every region has hosts. */
export const ACTIVITY_MEMBERS = [
  { isoCode: "MX", countryName: "Mexico", region: "AMERICAS_CARIBBEAN" },
  { isoCode: "BR", countryName: "Brazil", region: "AMERICAS_CARIBBEAN" },
  { isoCode: "FR", countryName: "France", region: "EUROPE" },
  { isoCode: "DE", countryName: "Germany", region: "EUROPE" },
  { isoCode: "JP", countryName: "Japan", region: "ASIA_PACIFIC" },
  { isoCode: "AU", countryName: "Australia", region: "ASIA_PACIFIC" },
  { isoCode: "KE", countryName: "Kenya", region: "EAST_SOUTHERN_AFRICA" },
  { isoCode: "ZA", countryName: "South Africa", region: "EAST_SOUTHERN_AFRICA" },
  { isoCode: "NG", countryName: "Nigeria", region: "WEST_CENTRAL_AFRICA" },
  { isoCode: "SN", countryName: "Senegal", region: "WEST_CENTRAL_AFRICA" },
  { isoCode: "EG", countryName: "Egypt", region: "MENA" },
  { isoCode: "MA", countryName: "Morocco", region: "MENA" },
];
export const REGION_CODES = [...new Set(ACTIVITY_MEMBERS.map((m) => m.region))];
const TIME_ZONES: Record<string, string> = {
  AMERICAS_CARIBBEAN: "America/Lima",
  EUROPE: "Europe/Paris",
  ASIA_PACIFIC: "Asia/Tokyo",
  EAST_SOUTHERN_AFRICA: "Africa/Nairobi",
  WEST_CENTRAL_AFRICA: "Africa/Lagos",
  MENA: "Africa/Cairo",
};
/** Years with a generated theme; 2021's theme (Recovery, Renewal, Resilience) comes from the seeds. */
export const GENERATED_THEME_YEARS = [2019, 2020, 2022, 2023];
export const PILLARS_2021 = ["Recovery", "Renewal", "Resilience"];
const KINDS = [MeetingKind.CONFERENCE, MeetingKind.WORKSHOP, MeetingKind.WEBINAR, MeetingKind.COUNCIL_SESSION];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The slugs of the two meetings of the time zone edge cases. */
export const LIMA_NEW_YEARS_EVE = "activity-lima-2021-12-31";
export const AUCKLAND_NEW_YEARS_DAY = "activity-auckland-2022-01-01";

/**
 * A deterministic directory of `meetings` meetings across the six regions, 2019–2023, with hosts,
 * participants and agenda items on the year's theme pillars. Built-in gaps, so zero buckets exist:
 * no meeting at all in 2020-Q2, none in MENA during 2022. Generated days avoid the 1st and the 31st, which
 * belong to the two time zone edge cases (a New Year's Eve in Lima, a New Year's Day in Auckland). Some
 * meetings have no start date, some no region, some no host, participants or agenda.
 */
export function activityDirectory(meetings: number, prefix = "activity", seed = 2021): DirectoryFile {
  const rng = random(seed);
  const people = Array.from({ length: 60 }, (_, i) => ({
    slug: `${prefix}-person-${i}`,
    name: `Activity Person ${i}`,
  }));
  const records: MeetingRecord[] = [];
  for (let m = 0; records.length < meetings; m++) {
    const region = rng.pick(REGION_CODES);
    const year = 2019 + rng.int(5);
    const month = 1 + rng.int(12);
    if (year === 2020 && month >= 4 && month <= 6) continue;
    if (region === "MENA" && year === 2022) continue;
    const startDate = `${year}-${pad(month)}-${pad(2 + rng.int(27))}`;
    const undated = rng.int(40) === 0;
    const regionless = rng.int(50) === 0;
    const members = ACTIVITY_MEMBERS.filter((member) => member.region === region).map((member) => member.isoCode);
    const host = rng.int(10) === 0 ? null : rng.pick(members);
    const pillars = year === 2021 ? PILLARS_2021 : ["Alpha", "Beta", "Gamma"];
    const participantSlugs = [...new Set(Array.from({ length: rng.int(5) }, () => rng.pick(people).slug))];
    records.push({
      slug: `${prefix}-meeting-${String(m).padStart(5, "0")}`,
      title: `Activity meeting ${m}`,
      kind: rng.pick(KINDS),
      startDate: undated ? null : startDate,
      endDate: undated ? null : startDate,
      timezone: TIME_ZONES[region]!,
      region: regionless ? null : region,
      host: regionless ? null : host,
      theme: undated ? null : year,
      participants: participantSlugs.map((person) => ({ person, role: rng.pick(Object.values(ParticipationRole)) })),
      agenda: undated
        ? []
        : Array.from({ length: rng.int(5) }, (_, a) => ({
            title: `Item ${a + 1}`,
            kind: AgendaItemKind.PRESENTATION,
            speakers: [],
            pillar: rng.int(4) === 0 ? null : rng.pick(pillars),
            topics: [],
          })),
    });
  }
  records.push(
    {
      slug: `${prefix}-lima-2021-12-31`,
      title: "New Year's Eve meeting in Lima",
      kind: MeetingKind.WORKSHOP,
      startDate: "2021-12-31",
      endDate: "2021-12-31",
      timezone: "America/Lima",
      region: "AMERICAS_CARIBBEAN",
      host: "PE",
      theme: 2021,
      participants: [{ person: people[0]!.slug, role: ParticipationRole.HOST }],
      agenda: [
        { title: "Closing the year", kind: AgendaItemKind.PRESENTATION, speakers: [], pillar: "Renewal", topics: [] },
      ],
    },
    {
      slug: `${prefix}-auckland-2022-01-01`,
      title: "New Year's Day meeting in Auckland",
      kind: MeetingKind.WORKSHOP,
      startDate: "2022-01-01",
      endDate: "2022-01-01",
      timezone: "Pacific/Auckland",
      region: "ASIA_PACIFIC",
      host: "AU",
      theme: 2022,
      participants: [{ person: people[1]!.slug, role: ParticipationRole.HOST }],
      agenda: [],
    },
  );
  return {
    provenance: "synthetic activity test data",
    members: ACTIVITY_MEMBERS.map((member) => ({ ...member, name: `${member.countryName} Customs` })),
    themes: GENERATED_THEME_YEARS.map((year) => ({
      year,
      title: `Synthetic theme ${year}`,
      pillars: ["Alpha", "Beta", "Gamma"].map((name) => ({ name, focusAreas: [] })),
    })),
    people,
    meetings: records,
  };
}

/** Writes the generated directory through the product's own import path (validation, then one transaction). */
export async function loadActivityDirectory(dataSource: DataSource, meetings: number): Promise<void> {
  await applyDirectory(
    dataSource,
    validateDirectoryFile(activityDirectory(meetings), directorySections),
    directorySections,
  );
}
