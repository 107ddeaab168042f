// The masking tool: draw boxes over an image (faces, tattoos, name bands); "Apply my boxes" sends them, in the image's own
// pixels, and the server blacks them out. Faces the detector found are outlined. Without this file, "Mask the faces
// found" still works.
(() => {
  "use strict";
  for (const tool of document.querySelectorAll(".mask-tool[data-mask-for]")) {
    const id = tool.dataset.maskFor;
    const img = tool.querySelector("img");
    const input = document.querySelector(`input[data-mask-input="${id}"]`);
    if (!img || !input) continue;
    img.draggable = false; // a native image drag would swallow the pointer events
    const natural = { w: Number(tool.dataset.width), h: Number(tool.dataset.height) };
    const boxes = [];
    const scale = () => natural.w / img.clientWidth;

    const place = (el, b) => {
      const s = scale();
      Object.assign(el.style, { left: `${b.x / s}px`, top: `${b.y / s}px`, width: `${b.width / s}px`, height: `${b.height / s}px` });
    };
    const faces = JSON.parse(tool.dataset.faces || "[]");
    const layout = () => {
      for (const el of tool.querySelectorAll("[data-box]")) place(el, JSON.parse(el.dataset.box));
    };
    const addBox = (b, kind) => {
      const el = document.createElement("div");
      el.className = kind;
      el.dataset.box = JSON.stringify(b);
      tool.append(el);
      place(el, b);
      return el;
    };
    const ready = () => {
      for (const f of faces) addBox({ x: f.x, y: f.y, width: f.width, height: f.height }, "face-box");
      layout();
    };
    if (img.complete) ready(); else img.addEventListener("load", ready);
    window.addEventListener("resize", layout);

    let start = null;
    let drawing = null;
    const point = (e) => {
      const r = img.getBoundingClientRect();
      const s = scale();
      return { x: Math.max(0, Math.min(natural.w, (e.clientX - r.left) * s)), y: Math.max(0, Math.min(natural.h, (e.clientY - r.top) * s)) };
    };
    tool.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      start = point(e);
      drawing = addBox({ x: start.x, y: start.y, width: 0, height: 0 }, "mask-box");
      tool.setPointerCapture(e.pointerId);
    });
    tool.addEventListener("pointermove", (e) => {
      if (!start || !drawing) return;
      const p = point(e);
      const b = { x: Math.round(Math.min(start.x, p.x)), y: Math.round(Math.min(start.y, p.y)), width: Math.round(Math.abs(p.x - start.x)), height: Math.round(Math.abs(p.y - start.y)) };
      drawing.dataset.box = JSON.stringify(b);
      place(drawing, b);
    });
    tool.addEventListener("pointerup", () => {
      if (!drawing) return;
      const b = JSON.parse(drawing.dataset.box);
      if (b.width < 4 || b.height < 4) drawing.remove(); else boxes.push(b);
      input.value = JSON.stringify(boxes);
      start = null;
      drawing = null;
    });
  }
})();
