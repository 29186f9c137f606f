// Transcript highlighter for realist.
//
// Python sends the whole document once per render as data: the text, its speaker
// turns, the visible codings and the search matches, all as code-point offsets.
// The browser counts UTF-16 units, so every offset crossing this boundary is
// converted here. Text reaches the page through textContent only.

function makeIndex(text) {
  const astral = []; // UTF-16 positions of high surrogates
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      astral.push(i);
      i++;
    }
  }
  const astralCp = astral.map((u, k) => u - k);
  const below = (arr, x) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    toCp: (u) => (astral.length ? u - below(astral, u) : u),
    toU16: (cp) => (astral.length ? cp + below(astralCp, cp) : cp),
  };
}

function turnPieces(turn, spans, matches) {
  // Cut one turn [start, end) at every highlight and match boundary.
  const [ts, te] = turn;
  const cuts = new Set([ts, te]);
  for (const s of spans) {
    if (s[1] > ts && s[1] < te) cuts.add(s[1]);
    if (s[2] > ts && s[2] < te) cuts.add(s[2]);
  }
  for (const m of matches) {
    if (m[0] > ts && m[0] < te) cuts.add(m[0]);
    if (m[1] > ts && m[1] < te) cuts.add(m[1]);
  }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const pieces = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const cover = spans.filter((s) => s[1] < b && s[2] > a);
    const hit = matches.some((m) => m[0] < b && m[1] > a);
    pieces.push([a, b, cover, hit]);
  }
  return pieces;
}

function paint(el, cover, colours) {
  // Overlapping codings: the shortest one fills, the others stack underlines.
  const sorted = cover.slice().sort((x, y) => x[2] - x[1] - (y[2] - y[1]));
  const first = colours[sorted[0][3]] || "#999999";
  el.style.backgroundColor = first + "55";
  const lines = [];
  for (let k = 1; k < sorted.length && k < 5; k++) {
    const c = colours[sorted[k][3]] || "#999999";
    lines.push(`inset 0 -${3 * k}px 0 0 ${c}`);
  }
  el.style.boxShadow = lines.join(", ");
  el.dataset.ids = sorted.map((s) => s[0]).join(" ");
  el.dataset.n = String(sorted.length);
  el.title = sorted.map((s) => `${s[5] || ""} ${s[4] ? "(" + s[4] + ")" : ""}`.trim()).join("\n");
}

export default function (component) {
  const { parentElement, setStateValue, setTriggerValue } = component;
  // The payload travels as one JSON string: the page treats it as an opaque value.
  const data = typeof component.data === "string" ? JSON.parse(component.data) : component.data;
  if (!data) return undefined;
  const began = performance.now();

  if (parentElement.style) parentElement.style.position = "relative";
  let root = parentElement.querySelector(":scope > .rl-hl");
  if (!root) {
    root = document.createElement("div");
    root.className = "rl-hl";
    root.setAttribute("data-testid", "rl-transcript");
    parentElement.appendChild(root);
  }
  const text = data.text || "";
  const docKey = `${data.document_id}:${data.sha256 || text.length}`;
  let cache = root.__rl;
  if (!cache || cache.docKey !== docKey) {
    while (root.firstChild) root.removeChild(root.firstChild);
    cache = { docKey, index: makeIndex(text), turns: [], sigs: [] };
    root.__rl = cache;
    root.scrollTop = 0;
  }
  const idx = cache.index;
  const colours = {};
  const names = {};
  for (const c of data.codes || []) {
    colours[c.id] = c.colour;
    names[c.id] = c.name;
  }
  const turns = data.turns || [];
  // spans: [coding_id, start, end, code_id, coder, code_name]
  const spans = (data.spans || []).map((s) => [s[0], s[1], s[2], s[3], s[4], names[s[3]] || ""]);
  const matches = data.matches || [];

  // Distribute spans and matches over turns (sorted by start).
  const starts = turns.map((t) => t[0]);
  const firstTurn = (pos) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= pos) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  };
  const perTurn = turns.map(() => []);
  const matchPerTurn = turns.map(() => []);
  for (const s of spans) {
    for (let t = firstTurn(s[1]); t < turns.length && turns[t][0] < s[2]; t++) {
      if (turns[t][1] > s[1]) perTurn[t].push(s);
    }
  }
  for (const m of matches) {
    for (let t = firstTurn(m[0]); t < turns.length && turns[t][0] < m[1]; t++) {
      if (turns[t][1] > m[0]) matchPerTurn[t].push(m);
    }
  }

  // Build or refresh each turn; untouched turns keep their nodes.
  for (let t = 0; t < turns.length; t++) {
    const turn = turns[t];
    const sig = JSON.stringify([turn, perTurn[t].map((s) => [s[0], s[3], colours[s[3]]]), matchPerTurn[t]]);
    let block = cache.turns[t];
    if (!block) {
      block = document.createElement("div");
      block.className = "rl-turn";
      const who = document.createElement("div");
      who.className = "rl-speaker";
      const body = document.createElement("div");
      body.className = "rl-text";
      block.appendChild(who);
      block.appendChild(body);
      root.appendChild(block);
      cache.turns[t] = block;
      cache.sigs[t] = null;
    }
    if (cache.sigs[t] === sig) continue;
    cache.sigs[t] = sig;
    block.dataset.turn = String(t);
    block.firstChild.textContent = turn[2] || "";
    const body = block.lastChild;
    const frag = document.createDocumentFragment();
    for (const [a, b, cover, hit] of turnPieces(turn, perTurn[t], matchPerTurn[t])) {
      const ua = idx.toU16(a);
      const seg = document.createElement("span");
      seg.className = "rl-seg";
      seg.dataset.s = String(ua);
      seg.textContent = text.slice(ua, idx.toU16(b));
      if (cover.length) {
        seg.classList.add("rl-mark");
        paint(seg, cover, colours);
      }
      if (hit) seg.classList.add("rl-match");
      frag.appendChild(seg);
    }
    body.replaceChildren(frag);
  }
  for (let t = turns.length; t < cache.turns.length; t++) cache.turns[t].remove();
  cache.turns.length = turns.length;
  cache.sigs.length = turns.length;
  root.dataset.codings = String(spans.length);
  root.dataset.revision = String(data.revision ?? "");
  root.dataset.renderMs = String(Math.round(performance.now() - began));

  // Scroll to a requested position (search result, clicked evidence).
  if (data.scroll_to !== undefined && data.scroll_to !== null && cache.scrolled !== data.scroll_key) {
    cache.scrolled = data.scroll_key;
    const u = idx.toU16(data.scroll_to);
    const segs = root.querySelectorAll(".rl-seg");
    for (const seg of segs) {
      if (Number(seg.dataset.s) + seg.textContent.length > u) {
        // Measured on screen: a segment's offsetTop counts from its turn, not from root.
        root.scrollTop += seg.getBoundingClientRect().top - root.getBoundingClientRect().top - 40;
        break;
      }
    }
  }

  // ---- selection to offsets -------------------------------------------------
  const segStart = (node) => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return el && el.classList && el.classList.contains("rl-seg") ? Number(el.dataset.s) : null;
  };
  const nextSegAfter = (node) => {
    // First segment at or after `node` in document order, inside root.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    walker.currentNode = node;
    let n = node.nodeType === Node.ELEMENT_NODE ? node : walker.nextNode();
    while (n) {
      if (n.classList && n.classList.contains("rl-seg")) return Number(n.dataset.s);
      n = walker.nextNode();
    }
    return text.length;
  };
  const toU16 = (node, offset) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const s = segStart(node);
      if (s !== null) return s + offset;
      return nextSegAfter(node.parentElement);
    }
    if (offset < node.childNodes.length) {
      const child = node.childNodes[offset];
      const s = segStart(child);
      if (s !== null) return s;
      return nextSegAfter(child);
    }
    // After the last child: the end of the last segment inside node, else the next one.
    const segs = node.querySelectorAll ? node.querySelectorAll(".rl-seg") : [];
    if (segs.length) {
      const last = segs[segs.length - 1];
      return Number(last.dataset.s) + last.textContent.length;
    }
    let n = node;
    while (n && n !== root && !n.nextSibling) n = n.parentNode;
    return n && n !== root ? nextSegAfter(n.nextSibling) : text.length;
  };

  // ---- the code picker ------------------------------------------------------
  let picker = parentElement.querySelector(":scope > .rl-picker");
  if (picker) picker.remove();
  picker = document.createElement("div");
  picker.className = "rl-picker";
  picker.hidden = true;
  picker.setAttribute("role", "dialog");
  picker.setAttribute("aria-label", "Apply codes to the selection");
  parentElement.appendChild(picker);
  let pending = null;
  const chosen = new Set();

  const hidePicker = () => {
    picker.hidden = true;
    chosen.clear();
  };
  const buildPicker = () => {
    picker.replaceChildren();
    const head = document.createElement("div");
    head.className = "rl-picker-head";
    head.textContent = data.can_code ? "Apply codes" : "Read only";
    picker.appendChild(head);
    if (!data.can_code) return;
    const filter = document.createElement("input");
    filter.type = "search";
    filter.placeholder = "Filter codes";
    filter.className = "rl-picker-filter";
    picker.appendChild(filter);
    const list = document.createElement("div");
    list.className = "rl-picker-list";
    picker.appendChild(list);
    for (const c of data.codes || []) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "rl-code";
      b.dataset.code = String(c.id);
      b.setAttribute("aria-pressed", "false");
      const dot = document.createElement("span");
      dot.className = "rl-dot";
      dot.style.backgroundColor = c.colour;
      const label = document.createElement("span");
      label.textContent = c.name;
      b.appendChild(dot);
      b.appendChild(label);
      b.addEventListener("click", () => {
        if (chosen.has(c.id)) chosen.delete(c.id);
        else chosen.add(c.id);
        b.setAttribute("aria-pressed", chosen.has(c.id) ? "true" : "false");
        apply.disabled = chosen.size === 0;
      });
      list.appendChild(b);
    }
    filter.addEventListener("input", () => {
      const q = filter.value.toLowerCase();
      for (const b of list.children) b.hidden = q && !b.textContent.toLowerCase().includes(q);
    });
    const row = document.createElement("div");
    row.className = "rl-picker-actions";
    const apply = document.createElement("button");
    apply.type = "button";
    apply.className = "rl-apply";
    apply.textContent = "Apply";
    apply.disabled = true;
    apply.addEventListener("click", () => {
      if (!pending || chosen.size === 0) return;
      setTriggerValue("apply", { ...pending, code_ids: Array.from(chosen), nonce: Date.now() });
      hidePicker();
    });
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", hidePicker);
    row.appendChild(apply);
    row.appendChild(cancel);
    picker.appendChild(row);
  };

  const onMouseUp = (ev) => {
    if (picker.contains(ev.target)) return;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      const mark = ev.target.closest ? ev.target.closest(".rl-mark") : null;
      if (mark && root.contains(mark)) {
        const ids = mark.dataset.ids.split(" ").map(Number);
        setStateValue("clicked", { ids, nonce: Date.now() });
      }
      hidePicker();
      return;
    }
    const range = sel.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) return;
    let a = toU16(range.startContainer, range.startOffset);
    let b = toU16(range.endContainer, range.endOffset);
    if (b < a) [a, b] = [b, a];
    // Trim surrounding white space so a double click on a word codes the word.
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b <= a) return;
    const start = idx.toCp(a);
    const end = idx.toCp(b);
    pending = { document_id: data.document_id, start, end, text: text.slice(a, b) };
    setStateValue("selection", { ...pending, nonce: Date.now() });
    const rect = range.getBoundingClientRect();
    const host = parentElement.getBoundingClientRect();
    buildPicker();
    picker.hidden = false;
    picker.style.top = `${rect.bottom - host.top + 6}px`;
    picker.style.left = `${Math.max(0, Math.min(rect.left - host.left, host.width - 280))}px`;
  };
  const onKey = (ev) => {
    if (ev.key === "Escape") hidePicker();
  };
  root.addEventListener("mouseup", onMouseUp);
  document.addEventListener("keydown", onKey);
  return () => {
    root.removeEventListener("mouseup", onMouseUp);
    document.removeEventListener("keydown", onKey);
  };
}
