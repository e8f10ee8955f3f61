// Unit tests of the reader's search (templates/assets/search.js): matching and ranking, in Node.
// Run by `node --test tests/js/`, which tests/test_search_js.py runs in `make test`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { fold, prepare, addBodies, search, periodOf, within1, snippet } = require("../../templates/assets/search.js");

// A small index as builder/rendering/search.py writes it: u url, k kind, t title, d date shown,
// s summary, n names, a the event's actors' names, r the days it covers, b body.
const INDEX = prepare([
  { u: "events/nanping.html", k: "event", t: "Patrushev meets Guo Shengkun in Nanping", d: "19 September 2022",
    s: "Talks on security.", a: "Nikolai Patrushev · Николай Патрушев · Guo Shengkun · 郭声琨", r: "20220919-20220919" },
  { u: "events/summit.html", k: "event", t: "SCO summit in Samarkand", d: "15–16 September 2022",
    s: "Heads of state meet.", a: "Xi Jinping · 习近平", r: "20220915-20220916" },
  { u: "events/war.html", k: "event", t: "War in the east", d: "since 2014", s: "Fighting goes on.", r: "20140101-99999999" },
  { u: "events/olympics.html", k: "event", t: "No limits statement", d: "4 February 2022", s: "Friendship.", r: "20220204-20220204" },
  { u: "actors/patrushev.html", k: "actor", t: "Nikolai Patrushev", n: "Николай Патрушев · Patrushev",
    s: "Secretary of the Security Council until September 2022." },
  { u: "actors/guo.html", k: "actor", t: "Guo Shengkun", n: "郭声琨", s: "Party official." },
]);

function titles(query) {
  return search(INDEX, query).hits.map((hit) => hit.e.t);
}

test("fold removes accents and case, and reads curly quotes as straight ones", () => {
  assert.equal(fold("Ćrème “Brûlée”"), 'creme "brulee"');
});

test("a native name finds the actor, then the events that actor took part in", () => {
  assert.deepEqual(titles("Патрушев"), ["Nikolai Patrushev", "Patrushev meets Guo Shengkun in Nanping"]);
  assert.deepEqual(titles("郭声琨"), ["Guo Shengkun", "Patrushev meets Guo Shengkun in Nanping"]);
  assert.deepEqual(titles("习近平"), ["SCO summit in Samarkand"]);
});

test("one typo is forgiven in a word of five letters or more, ranked after exact matches", () => {
  assert.deepEqual(titles("patrushov"), ["Nikolai Patrushev", "Patrushev meets Guo Shengkun in Nanping"]);
  assert.deepEqual(titles("samarknd"), ["SCO summit in Samarkand"]);
  assert.deepEqual(titles("shengkun nanpnig"), ["Patrushev meets Guo Shengkun in Nanping"]); // two letters swapped
  assert.deepEqual(titles("guo"), ["Guo Shengkun", "Patrushev meets Guo Shengkun in Nanping"]);
  assert.deepEqual(titles("nanpi"), ["Patrushev meets Guo Shengkun in Nanping"]); // a prefix is exact
  assert.deepEqual(titles("sxo"), []); // too short to correct
  assert.deepEqual(titles("patrushxyz"), []); // more than one edit
});

test("within1 is one edit: a change, an insertion, a deletion or a swap", () => {
  assert.ok(within1("patrushov", "patrushev"));
  assert.ok(within1("patrushev", "patrushevv"));
  assert.ok(within1("patrusev", "patrushev"));
  assert.ok(within1("aptrushev", "patrushev"));
  assert.ok(!within1("patrushov", "petrushav"));
  assert.ok(!within1("abc", "abcde"));
});

test("dates are found as the page writes them and as ISO", () => {
  for (const query of ["19 September 2022", "2022-09-19", "19 Sept 2022"]) {
    assert.deepEqual(titles(query).slice(0, 1), ["Patrushev meets Guo Shengkun in Nanping"], query);
  }
  assert.deepEqual(titles("16 September 2022").slice(0, 1), ["SCO summit in Samarkand"]); // inside its span
  assert.deepEqual(periodOf("2022-09"), { from: 20220901, to: 20220930, rest: "" });
  assert.deepEqual(periodOf("February 2024"), { from: 20240201, to: 20240229, rest: "" });
  assert.deepEqual(periodOf("talks 2022"), { from: 20220101, to: 20221231, rest: "talks" });
  assert.equal(periodOf("31 September 2022"), null);
  assert.equal(periodOf("Patrushev"), null);
});

test("a period ranks the events in it first, those wholly inside it before those that overlap it", () => {
  const hits = search(INDEX, "September 2022").hits;
  const kinds = hits.map((hit) => hit.e.k);
  assert.deepEqual(hits.slice(0, 2).map((hit) => hit.e.t).sort(), ["Patrushev meets Guo Shengkun in Nanping", "SCO summit in Samarkand"]);
  assert.equal(hits[2].e.t, "War in the east"); // open since 2014: overlaps, not inside
  assert.ok(kinds.indexOf("actor") > kinds.lastIndexOf("event"), "an actor ranked above an event of the period");
  assert.ok(!titles("September 2022").includes("No limits statement"));
});

test("a period with words finds only the events in it that have the words", () => {
  assert.deepEqual(titles("patrushev 2022-09"), ["Patrushev meets Guo Shengkun in Nanping"]);
});

test("snippet centres on the first match and keeps short texts whole", () => {
  assert.equal(snippet("short", ["x"]), "short");
  const text = "word ".repeat(60) + "needle " + "word ".repeat(60);
  const cut = snippet(text, ["needle"]);
  assert.ok(cut.includes("needle") && cut.startsWith("… ") && cut.endsWith(" …"));
});

test("body texts added after the first answer are searched too, ranked below titles and summaries", () => {
  const index = prepare([
    { u: "a.html", k: "event", t: "Talks", s: "Short.", r: "20220101-20220101" },
    { u: "b.html", k: "event", t: "Pipeline deal", s: "Gas.", r: "20220102-20220102" },
  ]);
  assert.deepEqual(search(index, "pipeline").hits.map((hit) => hit.e.u), ["b.html"]);
  addBodies(index, ["The pipeline was discussed at length.", ""]);
  assert.deepEqual(search(index, "pipeline").hits.map((hit) => [hit.e.u, hit.tier]), [["b.html", 0], ["a.html", 3]]);
});
