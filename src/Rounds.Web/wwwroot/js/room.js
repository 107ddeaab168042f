// An event's live room (/events/{id}/room); the page works without this file (forms post, the page reloads).
// With it: the room joins the hub with the last sequence number it shows, appends "room-message" events once per number, fills a
// gap by joining again with its last number (the server answers with what follows), re-joins after a reconnect, beats every
// HeartbeatSeconds, follows pins, hides, slow mode and the participant list ("room-changed"), and sends forms without a reload.
(() => {
  "use strict";

  const start = () => {
    const room = document.querySelector("[data-room]");
    if (!room || !window.signalR) return;
    const eventId = Number(room.dataset.room);
    const runs = room.dataset.runs === "true";
    const canPost = room.dataset.canPost === "true";
    const signedIn = document.body.dataset.signedIn === "true";
    const sessions = JSON.parse(room.dataset.sessions || "{}");
    const list = room.querySelector("[data-messages]");
    const pinnedBox = room.querySelector("[data-pinned]");
    const status = room.querySelector("[data-room-status]");
    let lastSeq = Number(room.dataset.lastSeq || 0);
    const gone = new Map(); // postId → seq of messages hidden while shown here (participants drop them)

    const el = (tag, props = {}, ...children) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === "className") e.className = v;
        else if (k === "text") e.textContent = v;
        else if (k.startsWith("data-") || k === "href" || k === "id" || k === "datetime" || k === "type" || k === "form" || k === "name" || k === "value")
          e.setAttribute(k, v === true ? "" : v);
        else if (k === "hidden") e.hidden = !!v;
      }
      for (const c of children) if (c) e.append(c);
      return e;
    };

    const replyName = (m) => m.label || m.displayName;

    // The same markup as the page renders (EventRoomPage.Message).
    const render = (m, pinnedCopy) => {
      const classes = ["room-msg"];
      if (m.isQuestion) classes.push("question");
      if (m.label && !m.isQuestion) classes.push("answer");
      if (m.pinned) classes.push("pinned");
      if (m.hidden) classes.push("hidden-msg");
      if (pinnedCopy) classes.push("pinned-copy");
      const time = new Date(m.createdAt);
      const hhmm = `${String(time.getUTCHours()).padStart(2, "0")}:${String(time.getUTCMinutes()).padStart(2, "0")}`;
      const meta = el("p", { className: "room-meta" },
        m.label ? el("span", { className: "room-label", "data-testid": "label", text: m.label }) : null, " ",
        el("a", { href: `/members/${m.handle}`, className: "room-author", text: m.displayName }), " ",
        m.role ? el("span", { className: `badge role role-${m.role}`, text: m.role }) : null, " ",
        el("a", { className: "muted", href: m.url }, el("time", { datetime: m.createdAt, text: hhmm })),
        m.sessionId && sessions[m.sessionId] ? el("span", { className: "muted room-session", text: ` · ${sessions[m.sessionId]}` }) : null,
        m.pinned ? el("span", { className: "badge", "data-pinned-mark": true, text: "pinned" }) : null,
        m.hidden ? el("span", { className: "badge warn", "data-hidden-mark": true, text: "hidden" }) : null);
      const body = el("div", { className: "room-text" });
      body.innerHTML = m.html; // rendered by the server from the post's text (escaped, links and mentions only)
      const li = el("li", { className: classes.join(" "), id: pinnedCopy ? `pin-${m.postId}` : `m-${m.seq}`, "data-seq": String(m.seq),
        "data-post-id": String(m.postId), "data-author-id": String(m.authorId) }, meta, body);
      if (!pinnedCopy && (canPost || runs)) {
        const actions = el("p", { className: "room-actions" });
        if (canPost && !m.hidden) {
          const label = m.isQuestion ? `Answer ${m.label}` : m.label ? `Reply to ${m.label}` : "Reply";
          actions.append(el("a", { href: `/events/${eventId}/room?reply=${m.postId}#compose`, "data-reply": String(m.postId), "data-reply-label": replyName(m), text: label }), " ");
        }
        if (runs) {
          actions.append(
            el("button", { type: "submit", form: "room-moderate", name: "act", value: `${m.pinned ? "unpin" : "pin"}:${m.postId}`, className: "link", "data-act": "pin", hidden: m.hidden, text: m.pinned ? "Unpin" : "Pin" }), " ",
            el("button", { type: "submit", form: "room-moderate", name: "act", value: `${m.hidden ? "unhide" : "hide"}:${m.postId}`, className: "link", "data-act": "hide", text: m.hidden ? "Show again" : "Hide" }));
        }
        li.append(actions);
      }
      return li;
    };

    const itemOf = (seq) => list.querySelector(`:scope > [data-seq="${seq}"]`);
    const itemOfPost = (postId) => list.querySelector(`:scope > [data-post-id="${postId}"]`);

    /** Shows a message once: a number already on the page, or hidden here, is skipped. */
    const add = (m, force = false) => {
      if (itemOf(m.seq)) return false;
      if (gone.has(String(m.postId)) && !force) return false;
      if (m.hidden && !runs) return false;
      const li = render(m, false);
      const next = [...list.children].find((c) => Number(c.dataset.seq) > m.seq);
      list.insertBefore(li, next ?? null);
      room.querySelector("[data-room-empty]")?.remove();
      li.classList.add("arrived");
      if (status) status.textContent = `New message${m.label ? ` (${m.label})` : ""}.`;
      return true;
    };

    const setHidden = (postId, hidden) => {
      const item = itemOfPost(postId);
      if (!runs) {
        if (hidden) {
          if (item) { gone.set(String(postId), Number(item.dataset.seq)); item.remove(); }
          pinnedBox?.querySelector(`#pin-${postId}`)?.remove();
          syncPinnedBox();
        }
        return;
      }
      if (!item) return;
      item.classList.toggle("hidden-msg", hidden);
      item.querySelector("[data-hidden-mark]")?.remove();
      if (hidden) item.querySelector(".room-meta").append(el("span", { className: "badge warn", "data-hidden-mark": true, text: "hidden" }));
      const hide = item.querySelector('[data-act="hide"]');
      if (hide) { hide.value = `${hidden ? "unhide" : "hide"}:${postId}`; hide.textContent = hidden ? "Show again" : "Hide"; }
      const pin = item.querySelector('[data-act="pin"]');
      if (pin) pin.hidden = hidden;
    };

    const syncPinnedBox = () => { if (pinnedBox) pinnedBox.hidden = pinnedBox.querySelectorAll("li").length === 0; };

    const setPinned = (postId, pinned) => {
      const item = itemOfPost(postId);
      if (item) {
        item.classList.toggle("pinned", pinned);
        item.querySelector("[data-pinned-mark]")?.remove();
        if (pinned) item.querySelector(".room-meta").append(el("span", { className: "badge", "data-pinned-mark": true, text: "pinned" }));
        const pin = item.querySelector('[data-act="pin"]');
        if (pin) { pin.value = `${pinned ? "unpin" : "pin"}:${postId}`; pin.textContent = pinned ? "Unpin" : "Pin"; }
      }
      const box = pinnedBox?.querySelector("ol");
      const copy = pinnedBox?.querySelector(`#pin-${postId}`);
      if (!pinned) copy?.remove();
      else if (!copy && item && box) {
        const c = item.cloneNode(true);
        c.id = `pin-${postId}`;
        c.classList.add("pinned-copy");
        c.classList.remove("arrived");
        c.querySelector(".room-actions")?.remove();
        box.append(c);
      }
      syncPinnedBox();
    };

    const applySnapshot = (snap) => {
      for (const m of snap.messages) add(m);
      for (const id of snap.hiddenPostIds) setHidden(id, true);
      for (const id of snap.pinnedPostIds) setPinned(id, true);
      lastSeq = Math.max(lastSeq, snap.lastSeq);
    };

    const connection = new signalR.HubConnectionBuilder().withUrl("/hubs/live").withAutomaticReconnect().build();
    let busy = false;
    let again = false;

    /** Joins (or re-joins) the room with the last number shown; the answer is everything after it. */
    const catchUp = async () => {
      if (busy) { again = true; return; }
      busy = true;
      try {
        do {
          again = false;
          let more = true;
          while (more) {
            const snap = await connection.invoke("JoinRoom", eventId, lastSeq);
            applySnapshot(snap);
            more = snap.hasMore;
          }
        } while (again);
        room.dataset.live = "connected";
      } catch {
        room.dataset.live = "failed";
      } finally {
        busy = false;
      }
    };

    /** Re-reads every message (after a message was shown again, which sits before the last number). */
    const refill = async () => {
      let after = 0;
      let more = true;
      while (more) {
        const snap = await connection.invoke("JoinRoom", eventId, after);
        for (const m of snap.messages) {
          gone.delete(String(m.postId));
          add(m, true);
        }
        after = snap.messages.length ? snap.messages[snap.messages.length - 1].seq : snap.lastSeq;
        more = snap.hasMore;
      }
    };

    connection.on("room-message", (m) => {
      if (m.eventId !== eventId) return;
      if (m.seq <= lastSeq) { add(m); return; } // a repeat, or one the catch-up read already
      add(m);
      if (m.seq === lastSeq + 1) lastSeq = m.seq;
      else catchUp(); // a gap: something before it has not arrived (yet)
    });

    const participantList = room.querySelector("[data-participants]");
    const participantCount = room.querySelector("[data-participant-count]");
    const refreshParticipants = async () => {
      if (!participantList) return;
      const people = await connection.invoke("RoomParticipants", eventId);
      participantList.replaceChildren(...people.map((p) => el("li", { "data-member-id": String(p.id) },
        el("a", { href: `/members/${p.handle}`, text: p.displayName }),
        p.role ? " " : null, p.role ? el("span", { className: `badge role role-${p.role}`, text: p.role }) : null)));
      if (participantCount) participantCount.textContent = String(people.length);
    };

    // When a crowd arrives at a session's start every join is announced to everyone: each page re-reads the list once per
    // quiet moment (at a random point within three seconds), not once per join, so the reads do not grow with the square of the room.
    let participantsTimer = null;
    const scheduleParticipants = () => {
      if (participantsTimer) return;
      participantsTimer = setTimeout(() => {
        participantsTimer = null;
        refreshParticipants().catch(() => {});
      }, 300 + Math.random() * 2700);
    };

    const slow = room.querySelector("[data-slow-mode]");
    connection.on("room-changed", (what, data) => {
      switch (what) {
        case "pinned": setPinned(data, true); break;
        case "unpinned": setPinned(data, false); break;
        case "hidden": setHidden(data, true); break;
        case "unhidden": if (runs) setHidden(data, false); else refill().catch(() => {}); break;
        case "slow-mode":
          if (slow) { slow.hidden = Number(data) === 0; slow.textContent = `Slow mode: one message every ${data} s`; }
          break;
        case "participants": scheduleParticipants(); break;
        default: break;
      }
    });

    connection.onreconnecting(() => { room.dataset.live = "reconnecting"; });
    connection.onreconnected(async () => { await catchUp(); await refreshParticipants().catch(() => {}); });
    const connect = async () => {
      try {
        await connection.start();
        await catchUp();
        await refreshParticipants().catch(() => {});
      } catch {
        room.dataset.live = "failed";
        setTimeout(connect, 5000);
      }
    };
    connection.onclose(() => setTimeout(connect, 5000));
    connect();

    if (signedIn) {
      const beat = Math.max(5, Number(room.dataset.heartbeat || 30)) * 1000;
      setInterval(() => {
        if (connection.state === signalR.HubConnectionState.Connected) connection.invoke("Heartbeat", eventId).catch(() => {});
      }, beat);
    }

    // Replying: sets the compose form's reply field instead of reloading the page.
    const compose = room.querySelector("[data-room-compose]");
    const replyField = compose?.querySelector("[data-reply-field]");
    const replyNote = compose?.querySelector("[data-reply-note]");
    const setReply = (postId, label) => {
      if (!replyField || !replyNote) return;
      replyField.value = postId ?? "";
      replyNote.hidden = !postId;
      replyNote.querySelector("[data-reply-text]").textContent = postId ? `Replying to ${label}` : "";
    };
    room.addEventListener("click", (e) => {
      const reply = e.target.closest("[data-reply]");
      if (reply && compose) {
        e.preventDefault();
        setReply(reply.dataset.reply, reply.dataset.replyLabel);
        compose.querySelector("textarea")?.focus();
        return;
      }
      if (e.target.closest("[data-reply-clear]")) { e.preventDefault(); setReply(null, ""); }
    });

    // Forms are sent in the background: a redirect means done (what changed arrives through the hub); otherwise the server's
    // answer carries the errors, shown in the form's feedback area.
    for (const form of room.querySelectorAll("form[data-room-form]")) {
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const body = new FormData(form, e.submitter ?? undefined);
        const url = location.pathname + location.search;
        const buttons = [...form.querySelectorAll("button"), ...(e.submitter ? [e.submitter] : [])];
        for (const b of buttons) b.disabled = true;
        try {
          const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
          const feedback = form.querySelector("[data-form-feedback]");
          if (response.redirected && response.ok) {
            feedback?.replaceChildren();
            if (form === compose) {
              const area = form.querySelector("textarea");
              if (area) { area.value = ""; area.dispatchEvent(new Event("input")); }
              setReply(null, "");
            }
            if (connection.state === signalR.HubConnectionState.Connected) catchUp();
            return;
          }
          const doc = new DOMParser().parseFromString(await response.text(), "text/html");
          const fresh = doc.getElementById(form.id)?.querySelector("[data-form-feedback]");
          if (feedback) feedback.innerHTML = fresh ? fresh.innerHTML : '<div class="notice error" role="alert">Something went wrong; try again.</div>';
        } catch {
          form.querySelector("[data-form-feedback]")?.replaceChildren(el("div", { className: "notice error", text: "Could not reach the server; try again." }));
        } finally {
          for (const b of buttons) b.disabled = false;
        }
      });
    }
  };

  // The page's script comes before the layout's SignalR client; deferred scripts all run before DOMContentLoaded.
  if (window.signalR) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
