/* Roundtable live client: participant, facilitator console and presenter screen.
   Plain JavaScript, no build step. Speaks the protocol of docs/live.md over a websocket, and
   falls back to HTTP polling when a socket cannot be held. All user text goes in with
   textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;
  var mode = root.dataset.mode, code = root.dataset.code;
  var state = null, me = null, sort = "votes", ref = 0, pending = {};
  var ws = null, failures = 0, pollTimer = null, lastBuilt = 0, lastReactions = {};
  var seq = null, resyncing = false;
  var EMOJI = {applause: "👏", heart: "❤️", laugh: "😄", thinking: "🤔", louder: "🔊"};

  // Parts of the live client anywhere on the page (the console's Voice card sits above #live).
  function part(name) { return document.querySelector('[data-live="' + name + '"]'); }
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "on") node.addEventListener("click", props[k]);
      else if (k.slice(0, 5) === "aria-" || k.slice(0, 5) === "data-" || k === "type" || k === "for") node.setAttribute(k, props[k]);
      else node[k] = props[k];
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function fill(node, children) { if (!node) return; node.replaceChildren.apply(node, children); }
  function setStatus(text) { var s = part("status"); if (s) s.textContent = text; }
  function showError(text) {
    var e = part("error"); if (!e) return;
    e.textContent = text || "";
    if (text) setTimeout(function () { if (e.textContent === text) e.textContent = ""; }, 6000);
  }

  // --- transport ------------------------------------------------------------------------------
  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/live/" + code + "/" + (mode === "console" ? "?staff=1" : "");
    try { ws = new WebSocket(url); } catch (e) { fallback(); return; }
    ws.onopen = function () { failures = 0; setStatus("Live"); stopPolling(); };
    ws.onmessage = function (event) { try { handle(JSON.parse(event.data)); } catch (e) { /* ignore a bad frame */ } };
    ws.onclose = function (event) {
      ws = null;
      if (event.code === 4404) { setStatus("This session code is unknown."); return; }
      failures += 1;
      if (failures >= 3) fallback(); else setStatus("Reconnecting…");
      setTimeout(connect, Math.min(15000, 500 * Math.pow(2, failures)));
    };
  }
  function fallback() {
    if (pollTimer) return;
    setStatus("Live (slow connection mode)");
    fetchState(); pollTimer = setInterval(fetchState, 2000);
  }
  function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }
  function fetchState() {
    fetch(root.dataset.stateUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(handle).catch(function () { setStatus("Offline: retrying…"); });
  }
  var sent = {};  // ref -> [message, done, tries]: resent when the server was busy
  function send(message, done, tries) {
    ref += 1; message.ref = ref; pending[ref] = done || null; sent[ref] = [message, done, tries || 0];
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify(message)); return; }
    fetch(root.dataset.actUrl, {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"}, body: JSON.stringify(message)})
      .then(function (r) { return r.json(); }).then(function (reply) { handle(reply); if (reply.type === "ack") fetchState(); })
      .catch(function () { delete pending[message.ref]; showError("Not sent: no connection. Try again."); });
  }
  function handle(m) {
    if (m.type === "state") {
      if (m.seq === undefined && m.built_at < lastBuilt) return;  // an older HTTP answer
      lastBuilt = m.built_at; state = m.state; if (m.me) me = m.me;
      seq = m.seq === undefined ? null : m.seq; resyncing = false;
      render(); return;
    }
    if (m.type === "patch") {
      if (!state || resyncing) return;  // the full state is on its way
      if (m.base !== seq) {  // a push was missed: ask for the whole state again
        resyncing = true;
        if (ws && ws.readyState === 1) ws.send(JSON.stringify({type: "resync"}));
        return;
      }
      applyPatch(m); seq = m.seq; lastBuilt = m.built_at;
      render(); return;
    }
    var done = pending[m.ref], again = sent[m.ref]; delete pending[m.ref]; delete sent[m.ref];
    if (m.type === "error" && m.code === "busy" && again && again[2] < 3) {
      // The server's database was busy and nothing was saved: the same action once more, soon.
      setTimeout(function () { send(again[0], again[1], again[2] + 1); }, 1000 * (m.retry_after || 1));
      return;
    }
    if (m.type === "ack") { if (done) done(m.result, null); }
    else if (m.type === "error") { if (done) done(null, m); else showError(m.message); }
  }
  // A patch (docs/live.md): values set or unset; lists of items by id changed, added, reordered.
  function applyPatch(p) {
    var next = Object.assign({}, state, p.set || {});
    (p.unset || []).forEach(function (k) { delete next[k]; });
    Object.keys(p.lists || {}).forEach(function (k) {
      var change = p.lists[k], old = next[k] || [], byId = {};
      old.forEach(function (item) { byId[item.id] = item; });
      (change.changed || []).forEach(function (d) { byId[d.id] = Object.assign({}, byId[d.id], d); });
      (change.added || []).forEach(function (item) { byId[item.id] = item; });
      var ids = change.order || old.map(function (item) { return item.id; });
      next[k] = ids.map(function (id) { return byId[id]; });
    });
    state = next;
  }

  // --- shared rendering -------------------------------------------------------------------------
  function sorted(questions) {
    var list = questions.slice();
    list.sort(function (a, b) {
      if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
      if (sort === "recent") return a.at < b.at ? 1 : -1;
      return b.votes - a.votes || (a.at < b.at ? -1 : 1);
    });
    return list;
  }
  function badges(q) {
    return [q.pinned ? el("span", {className: "badge", text: "Pinned"}) : null,
            q.answered ? el("span", {className: "badge live-answered", text: "Answered"}) : null];
  }
  function bars(poll) {
    if (poll.words) return el("p", {className: "live-cloud"}, poll.words.map(function (w) {
      var max = poll.words[0][1] || 1;
      return el("span", {text: w[0] + " ", style: "font-size:" + (0.9 + 1.6 * w[1] / max).toFixed(2) + "em"});
    }));
    if (poll.texts) return el("ul", {className: "live-texts"}, poll.texts.map(function (t) { return el("li", {text: t}); }));
    if (!poll.results) return null;
    var total = poll.results.reduce(function (a, b) { return a + b; }, 0) || 1;
    var list = el("ul", {className: "live-bars"}, poll.options.map(function (o, i) {
      var share = Math.round(100 * poll.results[i] / total);
      return el("li", null, [el("span", {className: "live-bar-label", text: o.label}),
        el("span", {className: "live-bar"}, [el("span", {className: "live-bar-fill", style: "width:" + share + "%"})]),
        el("span", {className: "live-bar-n", text: poll.results[i] + " (" + share + " %)"})]);
    }));
    if (poll.kind === "rating" && poll.mean !== null && poll.mean !== undefined) {
      return el("div", null, [el("p", {className: "live-mean", text: "Mean " + poll.mean + " / " + poll.scale_max}), list]);
    }
    return list;
  }
  function react(kinds) {
    var box = part("reactions"); if (!box || !state) return;
    var totals = state.reactions || {};
    if (mode === "console") {
      fill(box, Object.keys(EMOJI).map(function (k) { return el("span", {text: EMOJI[k] + " " + (totals[k] || 0) + "  "}); }));
      return;
    }
    Object.keys(totals).forEach(function (k) {
      if (lastReactions[k] !== undefined && totals[k] > lastReactions[k] && mode === "presenter") {
        var pop = el("span", {className: "live-pop", text: EMOJI[k] || "•"});
        box.appendChild(pop); setTimeout(function () { pop.remove(); }, 1800);
      }
      lastReactions[k] = totals[k];
    });
  }

  // --- participant ------------------------------------------------------------------------------
  function participantPoll() {
    var box = part("poll"), poll = state.poll;
    if (!poll) { fill(box, []); return; }
    var answered = me && me.answered_polls.indexOf(poll.id) >= 0;
    var children = [el("h2", {className: "live-h2", text: poll.prompt})];
    if (poll.status === "open" && !(answered && poll.kind !== "words" && poll.kind !== "text")) {
      children.push(pollForm(poll));
      if (answered) children.push(el("p", {className: "small muted", text: "Your answers are in; you can add more."}));
    } else if (answered) children.push(el("p", {className: "message success", text: "Thank you, your answer is in."}));
    else if (poll.status === "closed") children.push(el("p", {className: "muted", text: "This poll is closed."}));
    if (poll.revealed) children.push(bars(poll));
    fill(box, [el("div", {className: "card live-poll"}, children)]);
  }
  function pollForm(poll) {
    var form = el("form", {className: "live-poll-form"});
    var error = el("p", {className: "errorlist", role: "alert"});
    if (poll.kind === "single" || poll.kind === "multiple" || poll.kind === "rating") {
      var type = poll.kind === "multiple" ? "checkbox" : "radio";
      var fieldset = el("fieldset", {className: poll.kind === "rating" ? "live-scale" : ""}, [el("legend", {className: "small muted", text: poll.kind === "multiple" ? "Choose one or more" : poll.kind === "rating" ? "1 = lowest, " + poll.scale_max + " = highest" : "Choose one"})]);
      poll.options.forEach(function (o, i) {
        var input = el("input", {type: type, name: "answer", value: poll.kind === "rating" ? String(i + 1) : String(o.id)});
        fieldset.appendChild(el("label", {className: "live-choice"}, [input, " " + o.label]));
      });
      form.appendChild(fieldset);
    } else {
      form.appendChild(el("input", {name: "answer", maxLength: poll.kind === "words" ? 40 : 200, "aria-label": "Your answer", placeholder: poll.kind === "words" ? "A word or two" : "Your answer"}));
    }
    form.appendChild(el("button", {text: "Send"}));
    form.appendChild(error);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answer;
      if (poll.kind === "multiple") answer = Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return Number(i.value); });
      else if (poll.kind === "words" || poll.kind === "text") answer = form.querySelector("input").value;
      else { var checked = form.querySelector("input:checked"); answer = checked ? Number(checked.value) : null; }
      if (answer === null || (answer.length === 0)) { error.textContent = "Choose an answer first."; return; }
      send({type: "vote", poll: poll.id, answer: answer}, function (ok, err) {
        if (err) { error.textContent = err.message; return; }
        if (me && me.answered_polls.indexOf(poll.id) < 0) me.answered_polls.push(poll.id);
        if (poll.kind === "words" || poll.kind === "text") form.querySelector("input").value = "";
        render();
      });
    });
    return form;
  }
  function participantQuestions() {
    var upvoted = me ? me.upvoted : [];
    var items = sorted(state.questions).map(function (q) {
      var mine = upvoted.indexOf(q.id) >= 0;
      var vote = el("button", {type: "button", className: "live-vote" + (mine ? " on" : ""), "aria-pressed": mine ? "true" : "false", "aria-label": (mine ? "Take back your upvote: " : "Upvote: ") + q.votes + " votes", on: function () {
        vote.disabled = true;
        send({type: mine ? "unvote" : "upvote", question: q.id}, function (ok, err) {
          vote.disabled = false;
          if (err) { showError(err.message); return; }
          if (mine) upvoted.splice(upvoted.indexOf(q.id), 1); else upvoted.push(q.id);
          q.votes = ok.votes; render();
        });
      }}, [el("span", {text: "▲"}), el("span", {className: "live-votes", text: String(q.votes)})]);
      return el("li", {className: "live-q" + (q.answered ? " answered" : "")}, [vote, el("span", {className: "live-q-text", text: q.text})].concat(badges(q)));
    });
    var shown = state.questions.map(function (q) { return q.id; });
    if (me) me.asked.forEach(function (a) {
      if (a.status === "pending" && shown.indexOf(a.id) >= 0) a.status = "visible";  // approved
      if (a.status === "pending") items.unshift(el("li", {className: "live-q pending"}, [el("span", {className: "live-q-text", text: a.text}), el("span", {className: "badge", text: "Waiting for approval"})]));
    });
    if (!items.length) items = [el("li", {className: "muted", text: "No questions yet: be the first to ask."})];
    fill(part("questions"), items);
    var hand = part("hand");
    if (hand && me) { hand.setAttribute("aria-pressed", me.hand ? "true" : "false"); hand.textContent = me.hand ? "✋ Lower hand" : "✋ Raise hand"; }
  }
  function wireParticipant() {
    var form = part("ask"), text = form.querySelector("textarea"), count = part("ask-count"), error = part("ask-error");
    text.addEventListener("input", function () { count.textContent = text.value.length + " / 280"; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      send({type: "ask", text: text.value}, function (ok, err) {
        if (err) { error.textContent = err.message; return; }
        if (me) me.asked.push({id: ok.question, text: text.value.trim(), status: ok.status});
        text.value = ""; count.textContent = "0 / 280"; render();
      });
    });
    part("hand").addEventListener("click", function () {
      var up = !(me && me.hand);
      send({type: "hand", up: up}, function (ok, err) { if (err) { showError(err.message); return; } if (me) me.hand = ok.hand; render(); });
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-react]"), function (button) {
      button.addEventListener("click", function () { send({type: "react", reaction: button.dataset.react}); });
    });
  }

  // --- facilitator console ----------------------------------------------------------------------
  function act(message) { send(message, function (ok, err) { if (err) showError(err.message); }); }
  function moderate(q, action, extra) { var m = {type: "moderate", question: q.id, action: action}; Object.assign(m, extra || {}); act(m); }
  function consoleQuestion(q, where) {
    var buttons = [];
    function b(label, fn, cls) { buttons.push(el("button", {type: "button", className: cls || "secondary small", text: label, on: fn})); }
    if (where === "pending") b("Approve", function () { moderate(q, "approve"); }, "small");
    if (where === "hidden") b("Restore", function () { moderate(q, "restore"); });
    if (where === "visible") {
      b(q.answered ? "Not answered" : "Answered", function () { moderate(q, q.answered ? "unanswer" : "answer"); });
      b(q.pinned ? "Unpin" : "Pin", function () { moderate(q, q.pinned ? "unpin" : "pin"); });
    }
    if (where !== "hidden") {
      b("Merge…", function () {
        var into = window.prompt("Merge #" + q.id + " into which question? Its number:");
        if (into) moderate(q, "merge", {into: Number(String(into).replace("#", ""))});
      });
      b("Hide…", function () {
        var reason = window.prompt("Why hide this question? (only facilitators see the reason)");
        if (reason) moderate(q, "hide", {reason: reason});
      }, "danger small");
    }
    var meta = "#" + q.id + " · " + q.author + " · " + q.votes + (q.votes === 1 ? " vote" : " votes") + (q.reason ? " · hidden: " + q.reason : "");
    return el("li", {className: "live-q"}, [el("span", {className: "live-votes", text: String(q.votes)}),
      el("div", {className: "live-q-body"}, [el("span", {className: "live-q-text", text: q.text}), el("span", {className: "small muted", text: " " + meta})].concat(badges(q)).concat([el("div", {className: "live-q-actions"}, buttons)]))]);
  }
  function renderConsole() {
    fill(part("pending"), state.pending.map(function (q) { return consoleQuestion(q, "pending"); }));
    part("pending-box").hidden = !state.pending.length;
    var visible = sorted(state.questions).map(function (q) { return consoleQuestion(q, "visible"); });
    fill(part("questions"), visible.length ? visible : [el("li", {className: "muted", text: "No questions yet."})]);
    fill(part("hidden"), state.hidden.map(function (q) { return consoleQuestion(q, "hidden"); }));
    var queue = state.queue.map(function (h) {
      return el("li", null, [el("strong", {text: h.name}), el("span", {className: "small muted", text: h.turns ? " spoke " + h.turns + "×" : " has not spoken yet"}), " ",
        el("button", {type: "button", className: "small", text: "Give the floor", on: function () { act({type: "give_turn", participant: h.participant}); }})]);
    });
    fill(part("queue"), queue.length ? queue : [el("li", {className: "muted", text: "No hands raised."})]);
    if (!state.polls.length) { fill(part("polls"), [el("li", {className: "muted", text: "No polls yet."})]); return renderMetrics(); }
    var current = state.poll ? state.poll.id : null;
    fill(part("polls"), state.polls.map(function (p) {
      var buttons = [];
      function b(label, action, cls) { buttons.push(el("button", {type: "button", className: cls || "secondary small", text: label, on: function () { if (action !== "delete" || window.confirm("Delete this poll and its answers?")) act({type: "poll", poll: p.id, action: action}); }})); }
      if (p.status !== "open") b(p.status === "draft" ? "Open" : "Reopen", "open", "small"); else b("Close", "close");
      b(p.revealed ? "Hide results" : "Reveal results", p.revealed ? "unreveal" : "reveal");
      if (p.id !== current && p.status !== "draft") b("Show", "show");
      b("Reset", "reset"); b("Delete", "delete", "danger small");
      return el("li", {className: "live-poll-item"}, [el("strong", {text: p.prompt}), el("span", {className: "small muted", text: " " + p.kind + " · " + p.status + (p.revealed ? " · revealed" : "") + (p.id === current ? " · on screen" : "") + " · " + (p.respondents || 0) + " answered"}),
        bars(p), el("div", {className: "live-q-actions"}, buttons)]);
    }));
    renderMetrics();
  }
  function renderMetrics() {
    var m = state.metrics, facts = part("metrics");
    if (facts && m) fill(facts, [el("dt", {text: "Joined"}), el("dd", {text: String(m.joined)}), el("dt", {text: "Contributed"}), el("dd", {text: m.contributors + " (" + Math.round(100 * m.voice_reach) + " %)"}),
      el("dt", {text: "Contributions each"}), el("dd", {text: m.contributions_per_participant.toFixed(1)}), el("dt", {text: "Spread (Gini)"}), el("dd", {text: m.gini.toFixed(2)}),
      el("dt", {text: "Questions answered"}), el("dd", {text: m.questions_answered + " / " + m.questions_asked})]);
  }

  // --- presenter --------------------------------------------------------------------------------
  function renderPresenter() {
    var poll = state.poll, box = part("poll");
    if (poll && (poll.status === "open" || poll.revealed)) {
      fill(box, [el("div", {className: "live-poll"}, [el("h2", {className: "live-h2", text: poll.prompt}),
        poll.revealed ? bars(poll) : el("ul", {className: "live-options"}, poll.options.map(function (o) { return el("li", {text: o.label}); })),
        el("p", {className: "live-join-label", text: poll.status === "open" ? "Vote now on your phone · " + (poll.respondents || 0) + " answered" : "Poll closed · " + (poll.respondents || 0) + " answered"})])]);
      part("top-box").hidden = true;
    } else {
      fill(box, []); part("top-box").hidden = false;
    }
    var top = sorted(state.questions).slice(0, 6).map(function (q) {
      return el("li", {className: "live-q" + (q.answered ? " answered" : "")}, [el("span", {className: "live-votes", text: String(q.votes)}), el("span", {className: "live-q-text", text: q.text})].concat(badges(q)));
    });
    fill(part("questions"), top.length ? top : [el("li", {className: "muted", text: "Ask your questions on your phone."})]);
    var hands = part("hands"); if (hands) hands.textContent = String(state.hands);
  }

  function render() {
    if (!state) return;
    var joined = part("joined"); if (joined) joined.textContent = String(state.joined);
    if (state.session.status === "closed" && mode === "participant") { setStatus("This session has ended."); }
    if (mode === "participant") { participantPoll(); participantQuestions(); }
    else if (mode === "console") renderConsole();
    else renderPresenter();
    react();
  }

  Array.prototype.forEach.call(root.querySelectorAll("[data-sort]"), function (button) {
    button.addEventListener("click", function () {
      sort = button.dataset.sort;
      Array.prototype.forEach.call(root.querySelectorAll("[data-sort]"), function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      render();
    });
  });
  if (mode === "participant") wireParticipant();
  if ("WebSocket" in window) connect(); else fallback();
})();
