// Live updates and small enhancements; every page works without this file.
// The hub sends ids only; cards are fetched from /fragments/posts/{id}, which applies the audience check.
(() => {
  "use strict";

  // Character count as the server counts it: user-perceived characters.
  const segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter() : null;
  const length = (s) => (segmenter ? [...segmenter.segment(s.replace(/\r\n/g, "\n").trim())].length : [...s.trim()].length);
  for (const out of document.querySelectorAll("output[data-count-for]")) {
    const area = document.getElementById(out.dataset.countFor);
    if (!area) continue;
    const max = Number(area.dataset.countMax || 500);
    const update = () => {
      const n = length(area.value);
      out.textContent = `${n} / ${max}`;
      out.classList.toggle("over", n > max);
      area.setAttribute("aria-invalid", n > max ? "true" : "false");
    };
    area.addEventListener("input", update);
    update();
  }

  const timelines = [...document.querySelectorAll("[data-live-stream]")].filter((el) => el.dataset.liveStream);
  const badge = document.querySelector("[data-unread-count]");
  const conversation = document.querySelector("[data-live-conversation]");
  const signedIn = document.body.dataset.signedIn === "true";
  if (!window.signalR || (timelines.length === 0 && !signedIn)) return;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live")
    .withAutomaticReconnect()
    .build();

  const seen = new Set([...document.querySelectorAll("[data-post-id]")].map((el) => el.dataset.postId));

  connection.on("post", async (id) => {
    const key = String(id);
    if (seen.has(key)) return;
    seen.add(key);
    const response = await fetch(`/fragments/posts/${key}`, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) return; // not visible to this viewer
    const html = await response.text();
    for (const timeline of timelines) {
      const list = timeline.querySelector("[data-posts]");
      if (!list) continue;
      const holder = document.createElement("div");
      holder.innerHTML = html;
      const card = holder.firstElementChild;
      if (!card) continue;
      card.classList.add("arrived");
      if (timeline.dataset.liveMode === "append") list.append(card); else list.prepend(card);
      timeline.querySelector(".empty")?.remove();
      const status = timeline.querySelector("[data-live-status]");
      if (status) status.textContent = "A new post arrived.";
    }
  });

  connection.on("notification", (unread) => {
    if (!badge) return;
    badge.textContent = unread > 0 ? String(unread) : "";
    badge.hidden = unread === 0;
  });

  connection.on("message", async (conversationId, messageId) => {
    if (badge) badge.dataset.messages = "new";
    if (!conversation || conversation.dataset.liveConversation !== String(conversationId)) return;
    const response = await fetch(`/fragments/conversations/${conversationId}/messages/${messageId}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const list = conversation.querySelector("[data-messages]");
    if (!list || list.querySelector(`[data-message-id="${messageId}"]`)) return;
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    if (holder.firstElementChild) list.append(holder.firstElementChild);
  });

  const watch = async () => {
    for (const t of timelines) await connection.invoke("Watch", t.dataset.liveStream);
    if (conversation) await connection.invoke("Watch", `conversation:${conversation.dataset.liveConversation}`);
    document.body.dataset.live = "connected";
  };
  connection.onreconnected(watch);
  connection.start().then(watch).catch(() => { document.body.dataset.live = "failed"; });
})();
