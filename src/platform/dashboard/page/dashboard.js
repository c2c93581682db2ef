/*
 * The dashboard's script: reads the filters from the URL, sends the page's GraphQL documents (the
 * <script type="application/graphql"> blocks) to the public API, draws the charts and tables, and refetches
 * when the directoryChanged subscription announces a change in the regions shown.
 *
 * Plain browser JavaScript with no build step; Chart.js and graphql-ws come from their UMD files, served by
 * the gateway like this file.
 */
/* global document, window, location, history, fetch, URLSearchParams, Chart, graphqlWs */
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("dashboard-config").textContent);
  const documentText = (id) => document.getElementById(id).textContent.trim();
  const QUERIES = {
    activity: documentText("query-activity"),
    summary: documentText("query-summary"),
    regions: documentText("query-regions"),
    changes: documentText("subscription-changes"),
  };
  const GRANULARITIES = ["YEAR", "QUARTER", "MONTH"];
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  /** Changes often come in bursts (an import, an agenda reordered item by item): refetch once they settle. */
  const REFRESH_DELAY_MS = 400;
  const TOP_HOSTS = 5;
  const RECENT_MEETINGS = 10;
  const COLOURS = {
    AMERICAS_CARIBBEAN: "#1f77b4",
    EUROPE: "#9467bd",
    ASIA_PACIFIC: "#2ca02c",
    EAST_SOUTHERN_AFRICA: "#ff7f0e",
    WEST_CENTRAL_AFRICA: "#8c564b",
    MENA: "#d62728",
  };
  const SPARE_COLOURS = ["#17becf", "#bcbd22", "#7f7f7f", "#e377c2"];

  const $ = (id) => document.getElementById(id);
  const form = $("filters");
  const fields = {
    region: $("filter-region"),
    from: $("filter-from"),
    to: $("filter-to"),
    granularity: $("filter-granularity"),
  };

  /** Creates an element with attributes (`text` sets its text) and children. */
  function el(tag, attributes, children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined) continue;
      if (name === "text") element.textContent = String(value);
      else element.setAttribute(name, String(value));
    }
    for (const child of children || []) element.append(child);
    return element;
  }

  // ---- Filters: the URL's query string is the source of truth, so a view can be bookmarked and shared. ----

  function filtersFromUrl() {
    const params = new URLSearchParams(location.search);
    const date = (name) => (DATE.test(params.get(name) || "") ? params.get(name) : "");
    const granularity = (params.get("granularity") || "").toUpperCase();
    return {
      region: params.get("region") || "",
      from: date("from"),
      to: date("to"),
      granularity: GRANULARITIES.includes(granularity) ? granularity : "YEAR",
    };
  }

  function filtersFromForm() {
    return {
      region: fields.region.value,
      from: DATE.test(fields.from.value) ? fields.from.value : "",
      to: DATE.test(fields.to.value) ? fields.to.value : "",
      granularity: fields.granularity.value,
    };
  }

  function showFilters(filters) {
    if (filters.region && !Array.from(fields.region.options).some((o) => o.value === filters.region)) {
      // A region code from a link, before (or without) the region list: keep it selectable.
      fields.region.append(el("option", { value: filters.region, text: filters.region }));
    }
    fields.region.value = filters.region;
    fields.from.value = filters.from;
    fields.to.value = filters.to;
    fields.granularity.value = filters.granularity;
  }

  function urlOf(filters) {
    const params = new URLSearchParams();
    if (filters.region) params.set("region", filters.region);
    if (filters.from) params.set("from", filters.from);
    if (filters.to) params.set("to", filters.to);
    params.set("granularity", filters.granularity);
    return `${location.pathname}?${params}`;
  }

  /**
   * The downloads follow the filters: the CSV of the numbers shown, and a calendar feed of the meetings they
   * count (webcal:, which calendar apps open as a subscription; the https URL is shown to paste elsewhere).
   */
  function showDownloads(filters) {
    if (!config.downloads) return;
    const csv = new URLSearchParams();
    if (filters.region) csv.set("regions", filters.region);
    if (filters.from) csv.set("from", filters.from);
    if (filters.to) csv.set("to", filters.to);
    csv.set("granularity", filters.granularity);
    $("download-csv").setAttribute("href", `${config.downloads.activityCsvPath}?${csv}`);
    const calendar = new URLSearchParams();
    if (filters.region) calendar.set("region", filters.region);
    if (filters.from) calendar.set("from", filters.from);
    if (filters.to) calendar.set("to", filters.to);
    const path = `${config.downloads.calendarPath}${String(calendar) ? `?${calendar}` : ""}`;
    $("subscribe-calendar").setAttribute("href", `webcal://${location.host}${path}`);
    $("calendar-url").textContent = `${location.origin}${path}`;
  }

  function activityFilter(filters) {
    return {
      regionCodes: filters.region ? [filters.region] : null,
      from: filters.from || null,
      to: filters.to || null,
    };
  }

  // ---- The API ----

  class ApiError extends Error {
    constructor(errors) {
      super(errors.map((e) => e.message).join("; "));
      this.errors = errors;
    }
  }

  async function graphql(query, variables) {
    let response;
    try {
      response = await fetch(config.graphqlPath, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
        body: JSON.stringify({ query, variables }),
      });
    } catch (cause) {
      throw new ApiError([{ message: `The gateway cannot be reached (${cause.message})`, extensions: {} }]);
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError([{ message: `The gateway answered HTTP ${response.status} without a GraphQL body` }]);
    }
    if (body.errors && body.errors.length) throw new ApiError(body.errors);
    if (!body.data) throw new ApiError([{ message: `The gateway answered HTTP ${response.status} with no data` }]);
    return body.data;
  }

  // ---- Rendering ----

  const numberFormat = new Intl.NumberFormat("en");
  const charts = {};

  function colourOf(code, index) {
    return COLOURS[code] || SPARE_COLOURS[index % SPARE_COLOURS.length];
  }

  /** Creates the chart on first use, then swaps its data: one canvas, one Chart instance. */
  function drawChart(id, type, data, options) {
    const existing = charts[id];
    if (existing) {
      existing.data = data;
      existing.update();
      return;
    }
    charts[id] = new Chart($(id), {
      type,
      data,
      options: Object.assign(
        {
          // Numbers appear at once (and screenshots are stable); the tables carry them for screen readers.
          animation: false,
          maintainAspectRatio: false,
          responsive: true,
          plugins: { legend: { position: "bottom" } },
        },
        options,
      ),
    });
  }

  function renderActivity(entries) {
    const regions = [];
    const periods = [];
    const counts = new Map();
    for (const entry of entries) {
      if (!regions.some((r) => r.code === entry.region.code)) regions.push(entry.region);
      if (!periods.includes(entry.period.key)) periods.push(entry.period.key);
      counts.set(`${entry.region.code}|${entry.period.key}`, entry.meetingCount);
    }
    const countOf = (code, period) => counts.get(`${code}|${period}`) || 0;

    drawChart(
      "activity-chart",
      "bar",
      {
        labels: periods,
        datasets: regions.map((region, i) => ({
          label: region.name,
          regionCode: region.code,
          data: periods.map((period) => countOf(region.code, period)),
          backgroundColor: colourOf(region.code, i),
        })),
      },
      { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    );

    const table = $("activity-table");
    table.tHead.replaceChildren(
      el("tr", {}, [
        el("th", { scope: "col", text: "Region" }),
        ...periods.map((period) => el("th", { scope: "col", class: "number", text: period })),
        el("th", { scope: "col", class: "number", text: "Total" }),
      ]),
    );
    table.tBodies[0].replaceChildren(
      ...(regions.length
        ? regions.map((region) =>
            el("tr", { "data-region": region.code }, [
              el("th", { scope: "row", text: region.name }),
              ...periods.map((period) =>
                el("td", {
                  class: "number",
                  "data-region": region.code,
                  "data-period": period,
                  text: countOf(region.code, period),
                }),
              ),
              el("td", {
                class: "number",
                "data-region": region.code,
                "data-total": "",
                text: periods.reduce((sum, period) => sum + countOf(region.code, period), 0),
              }),
            ]),
          )
        : [el("tr", {}, [el("td", { class: "empty", text: "No meetings in this selection." })])]),
    );
  }

  function renderPillars(entries) {
    const pillars = new Map();
    for (const entry of entries) {
      for (const { pillar, agendaItemCount } of entry.pillars) {
        const known = pillars.get(pillar.id) || { name: pillar.name, year: pillar.theme.year, count: 0 };
        known.count += agendaItemCount;
        pillars.set(pillar.id, known);
      }
    }
    const rows = [...pillars.values()].sort((a, b) => a.year - b.year || b.count - a.count);
    const label = (p) => `${p.name} (${p.year})`;
    // One readable bar per pillar, however many themes the range covers.
    $("pillar-chart").parentElement.style.height = `${Math.max(160, 60 + rows.length * 26)}px`;
    drawChart(
      "pillar-chart",
      "bar",
      {
        labels: rows.map(label),
        datasets: [{ label: "Agenda items", data: rows.map((p) => p.count), backgroundColor: "#005a9c" }],
      },
      {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    );
    $("pillar-table").tBodies[0].replaceChildren(
      ...(rows.length
        ? rows.map((p) =>
            el("tr", { "data-pillar": label(p) }, [
              el("th", { scope: "row", text: p.name }),
              el("td", { text: p.year }),
              el("td", { class: "number", text: p.count }),
            ]),
          )
        : [el("tr", {}, [el("td", { class: "empty", colspan: 3, text: "No agenda item served a pillar." })])]),
    );
  }

  function ideLink(slug) {
    const query = `{\n  meeting(slug: ${JSON.stringify(slug)}) {\n    id\n    title\n    startDate\n    format\n    host {\n      name\n    }\n    agenda {\n      position\n      title\n    }\n    sources {\n      title\n      url\n    }\n  }\n}\n`;
    return `${config.graphqlPath}?${new URLSearchParams({ query })}`;
  }

  function renderSummary(summary) {
    for (const dd of document.querySelectorAll("[data-total]")) {
      const value = summary.totals[dd.getAttribute("data-total")];
      if (value !== undefined) dd.textContent = numberFormat.format(value);
    }
    // Meetings without a known date belong to no period: say how many the counts above leave out, and why.
    const undated = summary.totals.undatedMeetingCount;
    $("undated").hidden = undated === 0;
    $("undated").textContent =
      undated === 1
        ? "1 more meeting of these regions and kinds has no known date, so it falls outside every period and is not counted here."
        : `${numberFormat.format(undated)} more meetings of these regions and kinds have no known date, so they fall outside every period and are not counted here.`;

    $("hosts-table").tBodies[0].replaceChildren(
      ...(summary.topHosts.length
        ? summary.topHosts.map((host) =>
            el("tr", { "data-host": host.member.isoCode }, [
              el("th", {
                scope: "row",
                text: host.member.shortName ? `${host.member.name} (${host.member.shortName})` : host.member.name,
              }),
              el("td", { text: host.member.isoCode }),
              el("td", { class: "number", text: host.meetingCount }),
            ]),
          )
        : [el("tr", {}, [el("td", { class: "empty", colspan: 3, text: "No hosted meetings in this selection." })])]),
    );

    $("recent-table").tBodies[0].replaceChildren(
      ...(summary.recentMeetings.length
        ? summary.recentMeetings.map((meeting) => {
            const links = [];
            if (config.ideEnabled) {
              links.push(el("a", { href: ideLink(meeting.slug), "data-link": "ide", text: "Open in the IDE" }));
            }
            for (const source of meeting.sources) {
              if (!source.url) continue;
              links.push(
                el("a", {
                  href: source.url,
                  rel: "noopener noreferrer external",
                  target: "_blank",
                  "data-link": "source",
                  title: source.title,
                  text: "Source article",
                }),
              );
            }
            return el("tr", { "data-slug": meeting.slug }, [
              el("td", { text: meeting.startDate }),
              el("td", { text: meeting.title }),
              el("td", { text: meeting.region ? meeting.region.name : "—" }),
              el("td", { text: meeting.host ? meeting.host.shortName || meeting.host.name : "—" }),
              el("td", {}, links),
            ]);
          })
        : [el("tr", {}, [el("td", { class: "empty", colspan: 5, text: "No meetings in this selection." })])]),
    );
  }

  function showError(error) {
    const box = $("error");
    const errors = error instanceof ApiError ? error.errors : [{ message: String(error && error.message) }];
    box.replaceChildren(
      el("strong", { text: "The data shown may be out of date: the API answered with an error." }),
      el(
        "ul",
        {},
        errors.map((e) => {
          const code = e.extensions && e.extensions.code;
          return el("li", { "data-code": code || "" }, [...(code ? [el("code", { text: code }), " "] : []), e.message]);
        }),
      ),
    );
    box.hidden = false;
  }

  // ---- Loading ----

  let filters = filtersFromUrl();
  let loads = 0;
  let latestRequest = 0;

  async function load(reason) {
    const request = ++latestRequest;
    const filter = activityFilter(filters);
    try {
      const [activity, summary] = await Promise.all([
        graphql(QUERIES.activity, { filter, granularity: filters.granularity }),
        graphql(QUERIES.summary, { filter, hosts: TOP_HOSTS, recent: RECENT_MEETINGS }),
      ]);
      // A slower, older answer must not overwrite a newer one.
      if (request !== latestRequest) return;
      renderActivity(activity.regionalActivity);
      renderPillars(activity.regionalActivity);
      renderSummary(summary.activitySummary);
      $("error").hidden = true;
      loads += 1;
      const updated = $("updated");
      updated.dataset.loads = String(loads);
      updated.textContent = `Updated at ${new Date().toLocaleTimeString("en-GB")}${reason ? ` (${reason})` : ""}.`;
    } catch (error) {
      if (request !== latestRequest) return;
      showError(error);
      $("updated").textContent = "Not updated.";
    }
  }

  async function loadRegions() {
    try {
      const { regions } = await graphql(QUERIES.regions, {});
      const current = fields.region.value;
      fields.region.replaceChildren(
        el("option", { value: "", text: "All regions" }),
        ...regions.map((region) => el("option", { value: region.code, text: region.name })),
      );
      showFilters(Object.assign({}, filters, { region: current }));
    } catch (error) {
      showError(error);
    }
  }

  // ---- Live refresh ----

  const status = $("live-status");
  function setLiveStatus(state, text) {
    status.dataset.state = state;
    status.textContent = `Live updates: ${text}`;
  }

  let refreshTimer = null;
  function scheduleRefresh() {
    if (refreshTimer !== null) window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => {
      refreshTimer = null;
      load("live");
    }, REFRESH_DELAY_MS);
  }

  const socketUrl = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${config.graphqlPath}`;
  const live = graphqlWs.createClient({
    url: socketUrl,
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connecting: () => setLiveStatus("connecting", "connecting…"),
      // After a reconnection, changes may have been missed while the socket was down.
      connected: (_socket, _payload, wasRetry) => {
        setLiveStatus("connected", "on");
        if (wasRetry) scheduleRefresh();
      },
      closed: () => setLiveStatus("closed", "disconnected, retrying…"),
    },
  });

  let unsubscribe = null;
  function subscribe() {
    if (unsubscribe) unsubscribe();
    unsubscribe = live.subscribe(
      { query: QUERIES.changes, variables: { regionCodes: filters.region ? [filters.region] : null } },
      {
        next: scheduleRefresh,
        error: (error) => {
          setLiveStatus("closed", "unavailable");
          showError(Array.isArray(error) ? new ApiError(error) : error);
        },
        complete: () => undefined,
      },
    );
  }

  function apply(next, mode) {
    const regionChanged = next.region !== filters.region;
    filters = next;
    showDownloads(filters);
    if (mode === "push") history.pushState(null, "", urlOf(filters));
    else if (mode === "replace") history.replaceState(null, "", urlOf(filters));
    load();
    if (regionChanged) subscribe();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(filtersFromForm(), "push");
  });
  for (const field of Object.values(fields)) {
    field.addEventListener("change", () => apply(filtersFromForm(), "push"));
  }
  window.addEventListener("popstate", () => {
    const next = filtersFromUrl();
    showFilters(next);
    apply(next, "none");
  });

  showFilters(filters);
  showDownloads(filters);
  history.replaceState(null, "", urlOf(filters));
  loadRegions();
  load();
  subscribe();
})();
