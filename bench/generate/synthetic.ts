import { isISO31661Alpha2 } from "class-validator";
import { GraphQLCountryCode } from "graphql-scalars";
import { AgendaItemKind } from "../../src/modules/agenda/agenda.enums";
import { MeetingFormat, MeetingKind, ParticipationRole } from "../../src/modules/meeting/meeting.enums";
import { OrganisationKind } from "../../src/modules/member/organisation.entity";
import { OfficeKind } from "../../src/modules/person/appointment.entity";
import type {
  AgendaItemJson,
  DirectoryJson,
  MeetingJson,
  MemberJson,
  ParticipantJson,
  PersonJson,
  RegionJson,
  SourceJson,
  ThemeJson,
} from "./directory-json";
import type { Rng } from "./prng";
import { chance, int, pick, rngFor, sample, shuffle, weighted } from "./prng";

/*
 * A deterministic synthetic directory, in the directory-file format the product imports: the six WCO
 * regions (read from seeds/), ~180 Members with their officials, 15 years of annual themes, and N meetings
 * with ~10 agenda items and 5 participants each. Every meeting is drawn from its own random stream
 * (seed, index), so a meeting is the same whatever the chunk size and however many meetings follow it.
 */

/** Bump when the generated data changes: it is part of the cache key. */
export const GENERATOR_VERSION = 1;

export const FIRST_YEAR = 2011;
export const LAST_YEAR = 2025;
const MEMBERS_PER_REGION: Record<string, number> = {
  AMERICAS_CARIBBEAN: 31,
  EUROPE: 50,
  ASIA_PACIFIC: 32,
  EAST_SOUTHERN_AFRICA: 24,
  WEST_CENTRAL_AFRICA: 23,
  MENA: 20,
};
const OFFICIALS_PER_MEMBER = 5;

const TIME_ZONES: Record<string, string[]> = {
  AMERICAS_CARIBBEAN: ["America/Lima", "America/Mexico_City", "America/Bogota", "America/Sao_Paulo", "America/Toronto"],
  EUROPE: ["Europe/Brussels", "Europe/Paris", "Europe/Berlin", "Europe/Warsaw", "Europe/London", "Europe/Istanbul"],
  ASIA_PACIFIC: ["Asia/Tokyo", "Asia/Bangkok", "Asia/Kolkata", "Australia/Sydney", "Asia/Manila", "Pacific/Fiji"],
  EAST_SOUTHERN_AFRICA: ["Africa/Nairobi", "Africa/Johannesburg", "Africa/Kampala", "Africa/Lusaka"],
  WEST_CENTRAL_AFRICA: ["Africa/Abidjan", "Africa/Lagos", "Africa/Dakar", "Africa/Douala"],
  MENA: ["Africa/Cairo", "Asia/Riyadh", "Asia/Dubai", "Africa/Casablanca", "Asia/Amman"],
};

const FIRST_NAMES = [
  "Ana",
  "José",
  "Maria",
  "Chen",
  "Fatima",
  "Olusegun",
  "Ingrid",
  "Hiroshi",
  "Amina",
  "Pierre",
  "Svetlana",
  "Kwame",
  "Lucía",
  "Rahul",
  "Noura",
  "Tomás",
  "Aiko",
  "Grace",
  "Mehmet",
  "Sofia",
  "Jean-Baptiste",
  "Priya",
  "Omar",
  "Ewa",
  "Thabo",
  "Mariam",
  "Lars",
  "Nguyen",
  "Carmen",
  "Yusuf",
  "Élodie",
  "Kofi",
];
const LAST_NAMES = [
  "García",
  "Okafor",
  "Müller",
  "Tanaka",
  "Haddad",
  "Kowalski",
  "Mensah",
  "Silva",
  "Nakamura",
  "Dubois",
  "Petrov",
  "Ndlovu",
  "Rossi",
  "Al-Sayed",
  "Fernández",
  "Kim",
  "Johansson",
  "Diallo",
  "Papadopoulos",
  "Chowdhury",
  "Moreau",
  "Osei",
  "Yilmaz",
  "Van der Berg",
  "Traoré",
  "Santos",
  "Ivanova",
  "Mwangi",
];
const TOPICS = [
  "Risk management",
  "E-Commerce",
  "Authorized Economic Operators",
  "Coordinated border management",
  "Single window",
  "Customs laboratories",
  "Revenue collection",
  "Trade facilitation",
  "Integrity",
  "Harmonized System",
  "Rules of origin",
  "Customs valuation",
  "Data analytics",
  "Environmental crime",
  "Counterfeit goods",
  "Drug trafficking",
  "Security",
  "Capacity building",
  "Gender equality",
  "Post-clearance audit",
  "Transit",
  "Small island economies",
  "Digital transformation",
  "Blockchain",
  "Passenger controls",
  "Cultural heritage",
  "Wildlife trafficking",
  "Strategic trade controls",
  "Performance measurement",
  "Time release study",
  "Mutual recognition",
  "Pandemic response",
  "Green customs",
  "Revised Kyoto Convention",
  "Tariff classification",
  "Human resources",
  "Regional cooperation",
  "Donor coordination",
  "Informal trade",
  "Cross-border e-payments",
];
const THEME_WORDS = [
  "Connectivity",
  "Digital Customs",
  "Data",
  "Sustainability",
  "Security",
  "Facilitation",
  "Collaboration",
  "Resilience",
  "Innovation",
  "People",
  "Trust",
  "Inclusion",
  "Recovery",
  "Engagement",
  "Compliance",
];
const MEETING_KINDS: (readonly [MeetingKind, number])[] = [
  [MeetingKind.REGIONAL_HEADS_OF_CUSTOMS_MEETING, 5],
  [MeetingKind.COUNCIL_SESSION, 3],
  [MeetingKind.CONFERENCE, 20],
  [MeetingKind.WORKSHOP, 35],
  [MeetingKind.WEBINAR, 25],
  [MeetingKind.INAUGURATION, 4],
  [MeetingKind.OTHER, 8],
];
const FORMATS: (readonly [MeetingFormat, number])[] = [
  [MeetingFormat.IN_PERSON, 50],
  [MeetingFormat.VIRTUAL, 20],
  [MeetingFormat.HYBRID, 20],
  [MeetingFormat.UNKNOWN, 10],
];
const MIDDLE_ITEM_KINDS: (readonly [AgendaItemKind, number])[] = [
  [AgendaItemKind.ADDRESS, 10],
  [AgendaItemKind.REPORT, 15],
  [AgendaItemKind.PRESENTATION, 40],
  [AgendaItemKind.EXPERIENCE_SHARING, 20],
  [AgendaItemKind.DISCUSSION, 15],
];
const ITEM_LABEL: Record<AgendaItemKind, string> = {
  OPENING: "Opening ceremony",
  ADDRESS: "Address",
  REPORT: "Report",
  PRESENTATION: "Presentation",
  EXPERIENCE_SHARING: "Experience sharing",
  DISCUSSION: "Discussion",
  CLOSING: "Closing remarks",
  OTHER: "Other business",
};
const KIND_LABEL: Record<MeetingKind, string> = {
  REGIONAL_HEADS_OF_CUSTOMS_MEETING: "Heads of Customs Meeting",
  COUNCIL_SESSION: "Council Session",
  CONFERENCE: "Conference",
  WORKSHOP: "Regional Workshop",
  WEBINAR: "Webinar",
  INAUGURATION: "Inauguration",
  OTHER: "Meeting",
};

const EPOCH = Date.UTC(FIRST_YEAR, 0, 1);
const DAYS = Math.round((Date.UTC(LAST_YEAR + 1, 0, 1) - EPOCH) / 86_400_000);
const isoDate = (dayOffset: number): string => new Date(EPOCH + dayOffset * 86_400_000).toISOString().slice(0, 10);
const slugify = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** Accepted by the CountryCode scalar the gateway serializes `isoCode` with. */
function isCountryCodeScalar(code: string): boolean {
  try {
    return GraphQLCountryCode.serialize(code) === code;
  } catch {
    return false;
  }
}

/** What the bench needs to know about a generated meeting, without reading the database. */
export interface MeetingFacts {
  slug: string;
  hasHost: boolean;
  hasRegion: boolean;
  dated: boolean;
}

interface MemberInfo {
  record: MemberJson;
  officials: string[];
}

export class SyntheticDirectory {
  private readonly members: MemberInfo[] = [];
  private readonly membersByRegion = new Map<string, MemberInfo[]>();
  private readonly peopleByRegion = new Map<string, string[]>();
  private readonly viceChairs = new Map<string, string>();
  private readonly people: PersonJson[] = [];
  private readonly themes: ThemeJson[] = [];
  private readonly regionWeights: (readonly [RegionJson, number])[];

  constructor(
    readonly seed: number,
    private readonly regions: RegionJson[],
  ) {
    this.regionWeights = regions.map((r) => [r, MEMBERS_PER_REGION[r.code] ?? 20] as const);
    this.buildMembersAndPeople();
    this.buildThemes();
  }

  get memberCount(): number {
    return this.members.length;
  }

  /** Regions, the WCO Secretariat, Members, their officials and the annual themes: import this first. */
  referenceFile(): DirectoryJson {
    return {
      provenance: `Synthetic benchmark directory (generator v${GENERATOR_VERSION}, seed ${this.seed}). Not real data.`,
      regions: this.regions,
      organisations: [
        {
          slug: "wco-secretariat",
          name: "World Customs Organization Secretariat",
          shortName: "WCO",
          kind: OrganisationKind.WCO_SECRETARIAT,
          countryName: null,
        },
      ],
      members: this.members.map((m) => m.record),
      people: this.people,
      themes: this.themes,
    };
  }

  /** Meetings [start, end) with the news items that document them. */
  meetingFile(start: number, end: number): { file: DirectoryJson; facts: MeetingFacts[] } {
    const meetings: MeetingJson[] = [];
    const sources: SourceJson[] = [];
    const facts: MeetingFacts[] = [];
    for (let i = start; i < end; i++) {
      const { meeting, source } = this.meeting(i);
      meetings.push(meeting);
      if (source) sources.push(source);
      facts.push({
        slug: meeting.slug,
        hasHost: meeting.host != null,
        hasRegion: meeting.region != null,
        dated: meeting.startDate != null,
      });
    }
    return {
      file: { provenance: `Synthetic meetings ${start}–${end - 1} (seed ${this.seed}).`, sources, meetings },
      facts,
    };
  }

  private buildMembersAndPeople(): void {
    const rng = rngFor(this.seed, "members");
    const countries = new Intl.DisplayNames(["en"], { type: "region" });
    const codes: string[] = [];
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (isISO31661Alpha2(code) && isCountryCodeScalar(code)) codes.push(code);
      }
    const chosen = shuffle(rng, codes);
    let next = 0;
    const usedSlugs = new Set<string>();
    const personSlug = (name: string) => {
      let slug = slugify(name);
      for (let n = 2; usedSlugs.has(slug); n++) slug = `${slugify(name)}-${n}`;
      usedSlugs.add(slug);
      return slug;
    };
    for (const region of this.regions) {
      const members: MemberInfo[] = [];
      const regionPeople: string[] = [];
      for (let k = 0; k < (MEMBERS_PER_REGION[region.code] ?? 20) && next < chosen.length; k++) {
        const isoCode = chosen[next++]!;
        const countryName = countries.of(isoCode) ?? isoCode;
        const style = int(rng, 0, 2);
        const record: MemberJson = {
          isoCode,
          name: [
            `${countryName} Customs`,
            `Customs Administration of ${countryName}`,
            `${countryName} Revenue Authority`,
          ][style]!,
          shortName: chance(rng, 0.5) ? `${isoCode}C${style === 2 ? "RA" : "A"}` : null,
          countryName,
          region: region.code,
        };
        const officials: string[] = [];
        for (let j = 0; j < OFFICIALS_PER_MEMBER; j++) {
          const name = `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`;
          const slug = personSlug(name);
          this.people.push({
            slug,
            name,
            honorific: pick(rng, ["Mr.", "Ms.", "Dr.", null]),
            appointments: [
              j === 0
                ? {
                    title: "Director General of Customs",
                    kind: OfficeKind.DIRECTOR_GENERAL_OF_CUSTOMS,
                    member: isoCode,
                  }
                : {
                    title: pick(rng, ["Head of Risk Management", "Director of Enforcement", "Adviser"]),
                    kind: OfficeKind.OTHER,
                    member: isoCode,
                  },
            ],
          });
          officials.push(slug);
          regionPeople.push(slug);
        }
        const info = { record, officials };
        members.push(info);
        this.members.push(info);
      }
      // The region's Vice-Chair is one of its Directors General.
      const chair = pick(rng, members);
      const chairPerson = this.people.find((p) => p.slug === chair.officials[0])!;
      chairPerson.appointments.push({ title: "WCO Vice-Chair", kind: OfficeKind.WCO_VICE_CHAIR, region: region.code });
      this.viceChairs.set(region.code, chairPerson.slug);
      this.membersByRegion.set(region.code, members);
      this.peopleByRegion.set(region.code, regionPeople);
    }
  }

  private buildThemes(): void {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const rng = rngFor(this.seed, "theme", year);
      const words = sample(rng, THEME_WORDS, 3);
      this.themes.push({
        year,
        title: `${words[0]} and ${words[1]}: Customs for ${words[2]} (${year})`,
        pillars: sample(rng, THEME_WORDS, int(rng, 3, 4)).map((name) => ({
          name,
          focusAreas: sample(rng, TOPICS, int(rng, 1, 3)),
        })),
      });
    }
  }

  private meeting(i: number): { meeting: MeetingJson; source: SourceJson | null } {
    const rng = rngFor(this.seed, "meeting", i);
    const region = chance(rng, 0.99) ? weighted(rng, this.regionWeights) : null;
    const regionMembers = region ? this.membersByRegion.get(region.code)! : [];
    const host = region && chance(rng, 0.95) ? pick(rng, regionMembers) : null;
    const dated = chance(rng, 0.98);
    const day = int(rng, 0, DAYS - 1);
    const startDate = dated ? isoDate(day) : null;
    const endDate = dated
      ? isoDate(
          day +
            weighted(rng, [
              [0, 60],
              [1, 25],
              [2, 15],
            ] as const),
        )
      : null;
    const year = startDate ? Number(startDate.slice(0, 4)) : null;
    const kind = weighted(rng, MEETING_KINDS);
    const topic = pick(rng, TOPICS);
    const theme = year !== null && chance(rng, 0.9) ? this.themes[year - FIRST_YEAR]! : null;

    const { participants, convener } = this.participants(rng, region, host);
    const speakerPool = participants.filter((p) => p.role !== ParticipationRole.PARTICIPANT).map((p) => p.person);
    const items = int(rng, 8, 12);
    const agenda: AgendaItemJson[] = [];
    for (let position = 1; position <= items; position++) {
      const itemKind =
        position === 1
          ? AgendaItemKind.OPENING
          : position === items
            ? AgendaItemKind.CLOSING
            : weighted(rng, MIDDLE_ITEM_KINDS);
      const itemTopics = sample(rng, TOPICS, int(rng, 1, 3));
      agenda.push({
        title:
          itemKind === AgendaItemKind.OPENING || itemKind === AgendaItemKind.CLOSING
            ? ITEM_LABEL[itemKind]
            : `${ITEM_LABEL[itemKind]}: ${itemTopics[0]}`,
        kind: itemKind,
        summary: chance(rng, 0.3)
          ? `Participants considered ${itemTopics.join(", ").toLowerCase()} and agreed on next steps.`
          : null,
        speakers: sample(
          rng,
          speakerPool,
          weighted(rng, [
            [0, 20],
            [1, 55],
            [2, 25],
          ] as const),
        ),
        pillar: theme && chance(rng, 0.4) ? pick(rng, theme.pillars).name : null,
        topics: itemTopics,
      });
    }

    const place = host ? host.record.countryName : region ? region.name : "online";
    const title =
      kind === MeetingKind.REGIONAL_HEADS_OF_CUSTOMS_MEETING && region
        ? `Heads of Customs Meeting of the ${region.name} Region`
        : `${KIND_LABEL[kind]} on ${topic} (${place})`;
    const regionPart = region ? slugify(region.code) : "global";
    const slug = `${startDate ?? "undated"}-${regionPart}-${slugify(kind)}-${i}`;
    const meeting: MeetingJson = {
      slug,
      title,
      kind,
      summary: chance(rng, 0.5)
        ? `${KIND_LABEL[kind]} on ${topic.toLowerCase()}${host ? `, hosted by ${host.record.name}` : ""}.`
        : null,
      startDate,
      endDate,
      timezone: region && chance(rng, 0.95) ? pick(rng, TIME_ZONES[region.code] ?? ["UTC"]) : null,
      format: kind === MeetingKind.WEBINAR ? MeetingFormat.VIRTUAL : weighted(rng, FORMATS),
      region: region?.code ?? null,
      host: host?.record.isoCode ?? null,
      convener,
      theme: theme?.year ?? null,
      participants,
      agenda,
    };
    let source: SourceJson | null = null;
    if (startDate && chance(rng, 0.1)) {
      source = {
        title: `${title} (${i})`,
        publisher: "World Customs Organization",
        publishedOn: isoDate(day + int(rng, 3, 10)),
        language: weighted(rng, [
          ["en", 80],
          ["fr", 15],
          ["es", 5],
        ] as const),
        url: `https://www.wcoomd.org/en/media/newsroom/${year}/${slug}.aspx`,
      };
      meeting.sources = [{ title: source.title, publishedOn: source.publishedOn }];
    }
    return { meeting, source };
  }

  /** Five distinct people: the host's officials first, then the region's Vice-Chair and other officials. */
  private participants(
    rng: Rng,
    region: RegionJson | null,
    host: MemberInfo | null,
  ): { participants: ParticipantJson[]; convener: string | null } {
    const people: string[] = [];
    const add = (slug: string | undefined) => {
      if (slug && !people.includes(slug)) people.push(slug);
    };
    if (host) sample(rng, host.officials, 2).forEach(add);
    const chair = region ? this.viceChairs.get(region.code) : undefined;
    const convener = chair && chance(rng, 0.6) ? chair : null;
    if (convener) add(convener);
    const pool = region ? this.peopleByRegion.get(region.code)! : this.people.map((p) => p.slug);
    while (people.length < 5) add(pick(rng, pool));
    const roles = people.map((person, k): ParticipantJson => {
      if (person === convener) return { person, role: ParticipationRole.CONVENER };
      if (host && k === 0) return { person, role: ParticipationRole.HOST };
      return { person, role: k < 4 ? ParticipationRole.SPEAKER : ParticipationRole.PARTICIPANT };
    });
    return { participants: roles, convener };
  }
}
