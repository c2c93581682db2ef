import type { DataSource } from "typeorm";
import { directorySections } from "../../src/app/features";
import { applyDirectory } from "../../src/modules/directory/directory-apply";
import { validateDirectoryFile } from "../../src/modules/directory/directory-validation";

export interface SyntheticOptions {
  meetings: number;
  agendaItems?: number;
  slugPrefix?: string;
}

/**
 * A deterministic directory of `meetings` meetings in the seeded Americas region, each with agenda items,
 * two speakers per item and a pillar of the 2021 theme, written through the product's own import path.
 */
export function syntheticDirectory({ meetings, agendaItems = 5, slugPrefix = "synthetic" }: SyntheticOptions) {
  const people = Array.from({ length: 6 }, (_, i) => ({
    slug: `${slugPrefix}-person-${i}`,
    name: `Synthetic Person ${i}`,
  }));
  const pillars = ["Recovery", "Renewal", "Resilience"];
  return {
    provenance: "synthetic test data",
    people,
    meetings: Array.from({ length: meetings }, (_, m) => {
      const day = String((m % 28) + 1).padStart(2, "0");
      const month = String((m % 12) + 1).padStart(2, "0");
      const speakers = [people[m % 6]!.slug, people[(m + 1) % 6]!.slug];
      return {
        slug: `${slugPrefix}-meeting-${String(m).padStart(4, "0")}`,
        title: `Synthetic meeting ${m}`,
        kind: m % 3 === 0 ? "WORKSHOP" : "CONFERENCE",
        startDate: `2022-${month}-${day}`,
        endDate: `2022-${month}-${day}`,
        timezone: "America/Lima",
        format: "VIRTUAL",
        region: "AMERICAS_CARIBBEAN",
        host: "PE",
        theme: 2021,
        participants: speakers.map((person) => ({ person, role: "SPEAKER" })),
        agenda: Array.from({ length: agendaItems }, (_, a) => ({
          title: `Item ${a + 1}`,
          kind: "PRESENTATION",
          speakers,
          pillar: pillars[(m + a) % 3],
          topics: [`Synthetic topic ${a % 4}`],
        })),
      };
    }),
  };
}

export async function loadSynthetic(dataSource: DataSource, options: SyntheticOptions): Promise<void> {
  await applyDirectory(
    dataSource,
    validateDirectoryFile(syntheticDirectory(options), directorySections),
    directorySections,
  );
}
