import { Type } from "class-transformer";
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from "class-validator";
import { AgendaItemKind } from "../modules/agenda/agenda.enums";
import { MeetingFormat, MeetingKind, ParticipationRole } from "../modules/meeting/meeting.enums";
import { OrganisationKind } from "../modules/member/organisation.entity";
import { OfficeKind } from "../modules/person/appointment.entity";

/*
 * The directory file format: what `seeds/` holds, what the import reads and the export writes. Objects
 * reference each other by natural keys (region code, ISO code, slug, year, pillar name), never by
 * database id, so a file means the same thing in any database. A list that is present describes its
 * owner completely (a meeting's `agenda` replaces the stored one); a list that is absent is left alone.
 */

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CODE = /^[A-Z][A-Z0-9_]*$/;
export const CALENDAR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_ITEMS = 100_000;
const nullable = ValidateIf((_object, value) => value !== null);

export class RegionRecord {
  @Matches(CODE) @MaxLength(40) code!: string;
  @IsString() @Length(1, 200) name!: string;
}

export class OrganisationRecord {
  @Matches(SLUG) @MaxLength(120) slug!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @nullable @IsString() @Length(1, 60) shortName?: string | null;
  @IsEnum(OrganisationKind) kind!: OrganisationKind;
  @IsOptional() @nullable @IsString() @Length(1, 200) countryName?: string | null;
}

export class MemberRecord {
  @IsISO31661Alpha2() @Matches(/^[A-Z]{2}$/) isoCode!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @nullable @IsString() @Length(1, 60) shortName?: string | null;
  @IsString() @Length(1, 200) countryName!: string;
  @Matches(CODE) region!: string;
}

export class AppointmentRecord {
  @IsString() @Length(1, 200) title!: string;
  @IsEnum(OfficeKind) kind!: OfficeKind;
  @IsOptional() @nullable @Matches(/^[A-Z]{2}$/) member?: string | null;
  @IsOptional() @nullable @Matches(SLUG) organisation?: string | null;
  @IsOptional() @nullable @Matches(CODE) region?: string | null;
  @IsOptional() @nullable @Matches(CALENDAR_DATE) startDate?: string | null;
  @IsOptional() @nullable @Matches(CALENDAR_DATE) endDate?: string | null;
}

export class PersonRecord {
  @Matches(SLUG) @MaxLength(120) slug!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @nullable @IsString() @Length(1, 20) honorific?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AppointmentRecord)
  appointments?: AppointmentRecord[];
}

export class PillarRecord {
  @IsString() @Length(1, 120) name!: string;
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 300, { each: true }) focusAreas!: string[];
}

export class ThemeRecord {
  @IsInt() @Min(1900) @Max(2200) year!: number;
  @IsString() @Length(1, 300) title!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PillarRecord)
  pillars?: PillarRecord[];
}

export class SourceRecord {
  @IsString() @Length(1, 300) title!: string;
  @IsString() @Length(1, 200) publisher!: string;
  @Matches(CALENDAR_DATE) publishedOn!: string;
  @IsString() @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/) language!: string;
  @IsOptional()
  @nullable
  @IsUrl({ protocols: ["http", "https"], require_protocol: true })
  @MaxLength(500)
  url?: string | null;
}

/** A meeting names its sources by their natural key: title and publication date. */
export class SourceReference {
  @IsString() @Length(1, 300) title!: string;
  @Matches(CALENDAR_DATE) publishedOn!: string;
}

export class ParticipantRecord {
  @Matches(SLUG) person!: string;
  @IsEnum(ParticipationRole) role!: ParticipationRole;
}

export class AgendaItemRecord {
  @IsString() @Length(1, 300) title!: string;
  @IsEnum(AgendaItemKind) kind!: AgendaItemKind;
  @IsOptional() @nullable @IsString() @MaxLength(5000) summary?: string | null;
  @IsArray() @ArrayMaxSize(50) @Matches(SLUG, { each: true }) speakers!: string[];
  @IsOptional() @nullable @IsString() @Length(1, 120) pillar?: string | null;
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 120, { each: true }) topics!: string[];
}

export class MeetingRecord {
  @Matches(SLUG) @MaxLength(160) slug!: string;
  @IsString() @Length(1, 300) title!: string;
  @IsEnum(MeetingKind) kind!: MeetingKind;
  @IsOptional() @nullable @IsString() @MaxLength(5000) summary?: string | null;
  @IsOptional() @nullable @Matches(CALENDAR_DATE) startDate?: string | null;
  @IsOptional() @nullable @Matches(CALENDAR_DATE) endDate?: string | null;
  @IsOptional() @nullable @IsString() @MaxLength(64) timezone?: string | null;
  @IsOptional() @IsIn(Object.values(MeetingFormat)) format?: MeetingFormat;
  @IsOptional() @nullable @Matches(CODE) region?: string | null;
  @IsOptional() @nullable @Matches(/^[A-Z]{2}$/) host?: string | null;
  @IsOptional() @nullable @Matches(SLUG) convener?: string | null;
  @IsOptional() @nullable @IsInt() theme?: number | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ParticipantRecord)
  participants?: ParticipantRecord[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemRecord)
  agenda?: AgendaItemRecord[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SourceReference)
  sources?: SourceReference[];
}

export class DirectoryFile {
  @IsOptional() @IsString() @MaxLength(5000) provenance?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RegionRecord)
  regions?: RegionRecord[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => OrganisationRecord)
  organisations?: OrganisationRecord[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => MemberRecord)
  members?: MemberRecord[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => PersonRecord)
  people?: PersonRecord[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ThemeRecord)
  themes?: ThemeRecord[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => SourceRecord)
  sources?: SourceRecord[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS * 10)
  @ValidateNested({ each: true })
  @Type(() => MeetingRecord)
  meetings?: MeetingRecord[];
}
