// Attackers for test/attacks.e2e.test.ts and the bench (bench/pipeline.ts), run in a process of their own so that building and sending their
// requests does not delay the probe client measured in the test process. Reads one JSON line of options on
// stdin: { url, durationMs }; sends, until the duration has passed, from four addresses at once (through one
// trusted proxy): a new 490-field document each time, a new document of one field repeated 480 times, a new
// document of 60 fragments, and a body over the anonymous size limit. Prints one JSON line of counts.
"use strict";
/* global fetch */

const variants = [
  (n) => JSON.stringify({ query: `{ ${"meetings { totalCount } ".repeat(490)}} # ${n}` }),
  (n) => JSON.stringify({ query: `query Q${n} { ${"regions { code } ".repeat(480)}}` }),
  (n) =>
    JSON.stringify({
      query: `# ${n}\n{ ${Array.from({ length: 60 }, (_, i) => `...F${i}`).join(" ")} } ${Array.from(
        { length: 60 },
        (_, i) => `fragment F${i} on Query { meetings { totalCount } }`,
      ).join(" ")}`,
    }),
  () => hugeList,
];
const hugeList = JSON.stringify({
  query: `query Kinds($k: [MeetingKind!]) { meetings(filter: { kinds: $k }) { totalCount } }`,
  variables: { k: Array.from({ length: 200_000 }, () => "X") },
});

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const { url, durationMs } = JSON.parse(input);
  const until = Date.now() + durationMs;
  const statuses = {};
  await Promise.all(
    variants.map(async (variant, i) => {
      for (let n = 0; Date.now() < until; n++) {
        try {
          const response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": `10.3.${i}.1` },
            body: variant(n),
          });
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        } catch {
          statuses.failed = (statuses.failed ?? 0) + 1;
        }
      }
    }),
  );
  process.stdout.write(`${JSON.stringify(statuses)}\n`);
});
