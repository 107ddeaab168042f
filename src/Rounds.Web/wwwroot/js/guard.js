// The privacy guard as the author types: every field marked data-guard is scanned (POST /privacy/scan, which
// writes nothing); findings are highlighted in a copy of the text right under the field, each with its type and a
// one-click "Redact". In a form marked data-guard-dismissals (cases), a finding can also be dismissed as not patient
// information; the dismissal travels with the form as a hidden "dismissed" field ("Type|text") and is recorded.
(() => {
  "use strict";
  const fields = [...document.querySelectorAll("[data-guard]")];
  if (fields.length === 0 || document.body.dataset.signedIn !== "true") return;

  const dismissedIn = (form) =>
    new Set([...(form?.querySelectorAll('input[name="dismissed"]') ?? [])].map((i) => i.value));

  const scan = async (text) => {
    const response = await fetch("/privacy/scan", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) return null;
    return (await response.json()).findings;
  };

  const setup = (field) => {
    const form = field.form;
    const canDismiss = form?.hasAttribute("data-guard-dismissals");
    const panel = document.createElement("div");
    panel.className = "guard-panel";
    panel.hidden = true;
    panel.setAttribute("aria-live", "polite");
    panel.dataset.guardFor = field.id || field.name;
    field.insertAdjacentElement("afterend", panel);

    let timer = 0;
    let generation = 0;
    const run = async () => {
      const mine = ++generation;
      const text = field.value;
      if (!text.trim()) { panel.hidden = true; panel.replaceChildren(); return; }
      const findings = await scan(text);
      if (mine !== generation || findings === null) return; // a newer scan is under way, or scanning is unavailable
      const dismissed = dismissedIn(form);
      render(text, findings.filter((f) => !dismissed.has(`${f.type}|${f.text}`)));
    };
    const later = () => { clearTimeout(timer); timer = setTimeout(run, 300); };

    const render = (text, findings) => {
      panel.replaceChildren();
      field.classList.toggle("guard-flagged", findings.length > 0);
      if (findings.length === 0) { panel.hidden = true; return; }
      panel.hidden = false;
      const title = document.createElement("p");
      title.className = "guard-title";
      title.textContent = findings.length === 1 ? "1 possible patient identifier:" : `${findings.length} possible patient identifiers:`;
      const preview = document.createElement("p");
      preview.className = "guard-preview";
      let at = 0;
      for (const f of findings) {
        preview.append(text.slice(at, f.start));
        const mark = document.createElement("mark");
        mark.className = "guard-mark";
        mark.dataset.type = f.type;
        mark.title = f.label;
        mark.textContent = text.slice(f.start, f.start + f.length);
        const label = document.createElement("span");
        label.className = "guard-type";
        label.textContent = f.label;
        mark.append(label);
        preview.append(mark);
        at = f.start + f.length;
      }
      preview.append(text.slice(at));
      const actions = document.createElement("ul");
      actions.className = "guard-actions";
      for (const f of findings) {
        const item = document.createElement("li");
        const redact = document.createElement("button");
        redact.type = "button";
        redact.className = "guard-redact";
        redact.textContent = `Redact “${f.text}” (${f.label})`;
        redact.addEventListener("click", () => {
          const value = field.value;
          // The author may have typed since the scan: find the same text again if it moved.
          const start = value.substr(f.start, f.length) === f.text ? f.start : value.indexOf(f.text);
          if (start < 0) return;
          field.value = value.slice(0, start) + f.placeholder + value.slice(start + f.text.length);
          field.dispatchEvent(new Event("input", { bubbles: true }));
          field.focus();
        });
        item.append(redact);
        if (canDismiss) {
          const dismiss = document.createElement("button");
          dismiss.type = "button";
          dismiss.className = "guard-dismiss secondary";
          dismiss.textContent = "Not patient information";
          dismiss.addEventListener("click", () => {
            const hidden = document.createElement("input");
            hidden.type = "hidden";
            hidden.name = "dismissed";
            hidden.value = `${f.type}|${f.text}`;
            form.append(hidden);
            run();
          });
          item.append(" ", dismiss);
        }
        actions.append(item);
      }
      panel.append(title, preview, actions);
    };

    field.addEventListener("input", later);
    if (field.value.trim()) run();
  };

  fields.forEach(setup);
})();
