import { meetingEvent } from "../src/modules/public-pages/event-json-ld";
import { indexHref, indexVariables, parseIndexQuery } from "../src/modules/public-pages/index-query";
import { isoDateTimeWithOffset, utcOffsetMinutes } from "../src/modules/public-pages/local-date-time";
import type { PageMeeting } from "../src/modules/public-pages/public-pages.operations";
import { formatDateRange, renderMeetingPage } from "../src/modules/public-pages/public-pages.render";

/*
 * The public pages' pure parts: UTC offsets across daylight-saving changes, the schema.org Event of a meeting,
 * the index's query string, and the escaping of the JSON-LD block. The pages themselves are tested through
 * HTTP in public-pages.e2e.test.ts and in Chromium in public-pages.browser.test.ts.
 */

function meeting(overrides: Partial<PageMeeting> = {}): PageMeeting {
  return {
    slug: "2021-10-30-europe-heads-of-customs",
    title: "Heads of Customs of the Europe Region",
    kind: "REGIONAL_HEADS_OF_CUSTOMS_MEETING",
    summary: null,
    status: "SCHEDULED",
    startDate: "2021-10-30",
    endDate: "2021-10-31",
    startTime: null,
    endTime: null,
    timezone: "Europe/Brussels",
    format: "UNKNOWN",
    sessionNumber: null,
    updatedAt: "2021-09-01T10:00:00.000Z",
    calendarUrl: "/calendar/2021-10-30-europe-heads-of-customs.ics",
    region: null,
    host: null,
    series: null,
    theme: null,
    venue: null,
    onlineLink: null,
    agenda: [],
    sources: [],
    ...overrides,
  };
}

const URL = "http://gateway.example/meetings/2021-10-30-europe-heads-of-customs";

describe("UTC offsets of a wall-clock time in an IANA zone", () => {
  it("follows daylight saving time: Brussels is +02:00 the day before the clocks go back and +01:00 the day after", () => {
    expect(isoDateTimeWithOffset("2021-10-30", "09:30", "Europe/Brussels")).toBe("2021-10-30T09:30:00+02:00");
    expect(isoDateTimeWithOffset("2021-10-31", "09:30", "Europe/Brussels")).toBe("2021-10-31T09:30:00+01:00");
    expect(isoDateTimeWithOffset("2021-03-28", "09:30", "Europe/Brussels")).toBe("2021-03-28T09:30:00+02:00");
  });

  it("takes the earlier instant of a time that occurs twice, and the offset before a gap for one that does not exist", () => {
    // 31 Oct 2021, Brussels: 02:30 happens at +02:00, then again at +01:00.
    expect(utcOffsetMinutes("2021-10-31", "02:30", "Europe/Brussels")).toBe(120);
    // 28 Mar 2021, Brussels: 02:30 is skipped; read with the offset before the jump (= 03:30 at +02:00).
    expect(utcOffsetMinutes("2021-03-28", "02:30", "Europe/Brussels")).toBe(60);
  });

  it("handles zones without DST, west of UTC, off the hour, and the southern hemisphere", () => {
    expect(isoDateTimeWithOffset("2021-04-22", "10:00", "America/Lima")).toBe("2021-04-22T10:00:00-05:00");
    expect(isoDateTimeWithOffset("2021-07-01", "10:00", "Asia/Kolkata")).toBe("2021-07-01T10:00:00+05:30");
    expect(isoDateTimeWithOffset("2021-01-15", "10:00", "Australia/Sydney")).toBe("2021-01-15T10:00:00+11:00");
    expect(isoDateTimeWithOffset("2021-07-15", "10:00", "Australia/Sydney")).toBe("2021-07-15T10:00:00+10:00");
    expect(isoDateTimeWithOffset("2021-07-15", "10:00", "UTC")).toBe("2021-07-15T10:00:00+00:00");
  });
});

describe("a meeting as a schema.org Event", () => {
  it("gives dates only when no time is known, and leaves UNKNOWN's attendance mode out", () => {
    const event = meetingEvent(meeting(), URL);
    expect(event).toEqual({
      "@context": "https://schema.org",
      "@type": "Event",
      name: "Heads of Customs of the Europe Region",
      url: URL,
      startDate: "2021-10-30",
      endDate: "2021-10-31",
      eventStatus: "https://schema.org/EventScheduled",
    });
  });

  it("gives date-times with the offset of each day, across the change to winter time", () => {
    const event = meetingEvent(meeting({ startTime: "09:00", endTime: "17:30" }), URL);
    expect(event.startDate).toBe("2021-10-30T09:00:00+02:00");
    expect(event.endDate).toBe("2021-10-31T17:30:00+01:00");
  });

  it("gives dates when times are known but the zone is not (a time without zone names no instant)", () => {
    const event = meetingEvent(meeting({ startTime: "09:00", endTime: "17:30", timezone: null }), URL);
    expect(event.startDate).toBe("2021-10-30");
    expect(event.endDate).toBe("2021-10-31");
  });

  it("maps every status and format", () => {
    const of = (overrides: Partial<PageMeeting>) => meetingEvent(meeting(overrides), URL);
    expect(of({ status: "HELD" }).eventStatus).toBe("https://schema.org/EventScheduled");
    expect(of({ status: "POSTPONED" }).eventStatus).toBe("https://schema.org/EventPostponed");
    expect(of({ status: "CANCELLED" }).eventStatus).toBe("https://schema.org/EventCancelled");
    expect(of({ format: "IN_PERSON" }).eventAttendanceMode).toBe("https://schema.org/OfflineEventAttendanceMode");
    expect(of({ format: "VIRTUAL" }).eventAttendanceMode).toBe("https://schema.org/OnlineEventAttendanceMode");
    expect(of({ format: "HYBRID" }).eventAttendanceMode).toBe("https://schema.org/MixedEventAttendanceMode");
  });

  it("places a hybrid meeting at its venue and online, organised by its host", () => {
    const event = meetingEvent(
      meeting({
        format: "HYBRID",
        venue: { name: "WCO Headquarters", address: "Rue du Marché 30", city: "Brussels", countryCode: "BE" },
        onlineLink: { url: "https://meet.example/wco", platform: "Zoom" },
        host: { name: "Peru Customs", shortName: "SUNAT", isoCode: "PE", countryName: "Peru" },
      }),
      URL,
    );
    expect(event.location).toEqual([
      {
        "@type": "Place",
        name: "WCO Headquarters",
        address: {
          "@type": "PostalAddress",
          streetAddress: "Rue du Marché 30",
          addressLocality: "Brussels",
          addressCountry: "BE",
        },
      },
      { "@type": "VirtualLocation", url: "https://meet.example/wco" },
    ]);
    expect(event.organizer).toEqual({
      "@type": "Organization",
      name: "Peru Customs",
      alternateName: "SUNAT",
      address: { "@type": "PostalAddress", addressCountry: "PE" },
    });
  });
});

describe("the JSON-LD block in the page", () => {
  it("cannot be ended or turned into a comment by a title", () => {
    const title = `Evil </script><script>alert(1)</script> <!-- meeting`;
    const page = renderMeetingPage(meeting({ title, summary: "</SCRIPT> too" }), URL, { language: "en" });
    const blocks = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    expect(page.match(/<script/gi)).toHaveLength(1);
    const json = blocks[0]![1]!;
    expect(json).not.toMatch(/<\/script|<!--/i);
    const event = JSON.parse(json) as Record<string, unknown>;
    expect(event.name).toBe(title);
    expect(event.description).toBe("</SCRIPT> too");
  });
});

describe("the index's query string", () => {
  it("turns filters into the operation's variables", () => {
    const parsed = parseIndexQuery({ region: "EUROPE", kind: "WEBINAR", year: "2021", host: "pe", after: "abc" });
    expect(parsed).toEqual({
      ok: true,
      query: { filters: { region: "EUROPE", kind: "WEBINAR", year: 2021, host: "PE" }, after: "abc" },
    });
    if (!parsed.ok) throw new Error("parsed");
    expect(indexVariables(parsed.query)).toEqual({
      first: 25,
      after: "abc",
      filter: {
        regionCodes: ["EUROPE"],
        kinds: ["WEBINAR"],
        hostIsoCodes: ["PE"],
        startDateFrom: "2021-01-01",
        startDateTo: "2021-12-31",
      },
    });
    expect(indexHref(parsed.query.filters, "abc")).toBe(
      "/meetings?region=EUROPE&kind=WEBINAR&year=2021&host=PE&after=abc",
    );
  });

  it("says which parameter is wrong", () => {
    expect(parseIndexQuery({ kind: "PARTY" })).toMatchObject({ ok: false, problem: expect.stringContaining('"kind"') });
    expect(parseIndexQuery({ year: "21" })).toMatchObject({ ok: false, problem: expect.stringContaining('"year"') });
    expect(parseIndexQuery({ region: ["EUROPE", "MENA"] })).toMatchObject({
      ok: false,
      problem: 'Give "region" once.',
    });
  });
});

describe("dates in words", () => {
  it("writes one day, a range within a month, and a range across months", () => {
    // ICU puts thin spaces around the range's dash.
    expect(formatDateRange("2021-04-22", "2021-04-22", "en")).toBe("22 April 2021");
    expect(formatDateRange("2021-04-22", "2021-04-23", "en")).toBe("22\u2009–\u200923 April 2021");
    expect(formatDateRange("2021-04-30", "2021-05-01", "en")).toBe("30 April\u2009–\u20091 May 2021");
    expect(formatDateRange("2021-04-22", null, "en-US")).toBe("April 22, 2021");
  });
});
