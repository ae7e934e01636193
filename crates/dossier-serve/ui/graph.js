// The co-occurrence graph: a small force simulation (repulsion between all nodes, springs along
// edges, a pull to the centre), run to rest before drawing; nodes link to entity pages and can be
// dragged.

import { h, s, route, plural } from './dom.js';
import { api } from './api.js';

function str(v) {
  return v === null || v === undefined ? '' : String(v);
}

const W = 1000;
const H = 640;

/** Lay out nodes [{id, articles}] and edges [{source, target, weight}] in place (x, y). */
export function layout(nodes, edges, iterations = 300) {
  const n = nodes.length;
  // Deterministic start: a spiral, so that every load looks the same.
  nodes.forEach((nd, i) => {
    const a = i * 2.399963;
    const r = 20 * Math.sqrt(i + 1);
    nd.x = W / 2 + r * Math.cos(a);
    nd.y = H / 2 + r * Math.sin(a);
    nd.vx = 0;
    nd.vy = 0;
  });
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.55;
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  for (let it = 0; it < iterations; it++) {
    const temp = 1 - it / iterations;
    for (let i = 0; i < n; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < n; j++) {
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) {
          dx = (i - j) * 0.1;
          dy = 0.1;
          d2 = dx * dx + dy * dy;
        }
        if (d2 > 9 * k * k) continue; // far apart: no push (keeps components together)
        const f = ((k * k) / d2) * 0.1;
        a.vx += dx * f;
        a.vy += dy * f;
        b.vx -= dx * f;
        b.vy -= dy * f;
      }
    }
    for (const e of edges) {
      const a = e.s;
      const b = e.t;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = ((d - k * 0.8) / d) * 0.02 * (0.5 + e.weight / maxW);
      a.vx += dx * f;
      a.vy += dy * f;
      b.vx -= dx * f;
      b.vy -= dy * f;
    }
    for (const nd of nodes) {
      nd.vx += (W / 2 - nd.x) * 0.02;
      nd.vy += (H / 2 - nd.y) * 0.02;
      const sp = Math.sqrt(nd.vx * nd.vx + nd.vy * nd.vy);
      const cap = 30 * temp + 1;
      if (sp > cap) {
        nd.vx *= cap / sp;
        nd.vy *= cap / sp;
      }
      nd.x += nd.vx;
      nd.y += nd.vy;
      nd.vx *= 0.6;
      nd.vy *= 0.6;
    }
  }
  fit(nodes);
  separateLabels(nodes);
}

/** Push apart, vertically, nodes whose labels (drawn to the right of the circle) overlap. */
function separateLabels(nodes) {
  const width = (n) => 12 + 7 * Math.min(40, n.name ? n.name.length : 0);
  for (let round = 0; round < 60; round++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const [a, b] = nodes[i].x <= nodes[j].x ? [nodes[i], nodes[j]] : [nodes[j], nodes[i]];
        const dy = b.y - a.y;
        const need = 18 - Math.abs(dy);
        if (need <= 0 || b.x - a.x >= width(a)) continue;
        const push = Math.min(need / 2 + 0.5, 6) * (dy >= 0 ? 1 : -1);
        a.y -= push;
        b.y += push;
        moved = true;
      }
    }
    for (const n of nodes) n.y = Math.min(H - 15, Math.max(15, n.y));
    if (!moved) break;
  }
}

/** Scale and move the layout into the drawing (room on the right for labels). */
function fit(nodes) {
  if (!nodes.length) return;
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const box = { x: 40, y: 30, w: W - 200, h: H - 60 };
  const k = Math.min(1.6, box.w / Math.max(1, x1 - x0), box.h / Math.max(1, y1 - y0));
  const ox = box.x + (box.w - (x1 - x0) * k) / 2;
  const oy = box.y + (box.h - (y1 - y0) * k) / 2;
  for (const n of nodes) {
    n.x = ox + (n.x - x0) * k;
    n.y = oy + (n.y - y0) * k;
  }
}

export async function graphView(p, entityPicker) {
  const entity = p.get('entity');
  const limit = Math.min(300, Math.max(2, parseInt(p.get('limit') || '50', 10) || 50));
  const minWeight = Math.max(1, parseInt(p.get('min_weight') || '1', 10) || 1);
  const r = await api('graph', { entity, limit, min_weight: minWeight });
  document.title = 'Graph — Dossier';
  const byId = new Map();
  const nodes = [];
  for (const nd of Array.isArray(r.nodes) ? r.nodes : []) {
    if (!nd || typeof nd.id !== 'string' || byId.has(nd.id)) continue;
    const o = { id: nd.id, name: str(nd.name), type: ['PER', 'ORG', 'LOC', 'MISC'].includes(nd.type) ? nd.type : 'MISC', articles: Number(nd.articles) || 0 };
    byId.set(o.id, o);
    nodes.push(o);
  }
  const edges = [];
  for (const e of Array.isArray(r.edges) ? r.edges : []) {
    const a = e && byId.get(e.source);
    const b = e && byId.get(e.target);
    if (a && b && a !== b) edges.push({ s: a, t: b, weight: Number(e.weight) || 1 });
  }
  const centre = entity ? byId.get(entity) : null;
  layout(nodes, edges);

  const form = h('form', { class: 'inline-form' },
    h('label', { for: 'g-limit' }, 'Nodes '), h('input', { type: 'number', id: 'g-limit', name: 'limit', min: 2, max: 300, value: limit, class: 'narrow' }), ' ',
    h('label', { for: 'g-min' }, 'Min. shared articles '), h('input', { type: 'number', id: 'g-min', name: 'min_weight', min: 1, value: minWeight, class: 'narrow' }), ' ',
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = new URLSearchParams(p);
    n.set('limit', form.elements.limit.value);
    n.set('min_weight', form.elements.min_weight.value);
    location.hash = route('graph', null, n);
  });

  const header = [
    h('h1', null, 'Graph'),
    h('div', { class: 'toolbar' }, await entityPicker(p, 'graph'), form),
    h('p', { class: 'muted', role: 'status' }, `${plural(nodes.length, 'entity', 'entities')}, ${plural(edges.length, 'link')}; a link means the two appear in the same article.`),
  ];
  if (!nodes.length) return h('div', { class: 'page' }, header, h('p', { class: 'empty' }, 'No connections to show. Lower the minimum or ingest more articles.'));

  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const maxA = Math.max(1, ...nodes.map((x) => x.articles));
  const svg = s('svg', { class: 'graph', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Entity co-occurrence graph' });
  const gEdges = s('g', { class: 'edges' });
  const gNodes = s('g', { class: 'nodes' });
  const gLabels = s('g', { class: 'labels', 'aria-hidden': 'true' });
  svg.append(gEdges, gNodes, gLabels);
  for (const e of edges) {
    e.el = s('line', { class: 'edge', 'stroke-width': (0.6 + 3 * (e.weight / maxW)).toFixed(2) }, s('title', null, `${e.s.name} — ${e.t.name}: ${plural(e.weight, 'article')}`));
    gEdges.appendChild(e.el);
  }
  const neighbours = new Map(nodes.map((x) => [x, new Set([x])]));
  for (const e of edges) {
    neighbours.get(e.s).add(e.t);
    neighbours.get(e.t).add(e.s);
  }
  for (const nd of nodes) {
    const r0 = 5 + 12 * Math.sqrt(nd.articles / maxA);
    nd.r = r0;
    const a = s('a', { href: route('entity', nd.id), class: 'node ent-' + nd.type + (nd === centre ? ' centre' : ''), 'aria-label': `${nd.name}, ${plural(nd.articles, 'article')}` },
      s('circle', { r: r0.toFixed(1) }),
      s('title', null, `${nd.name} (${nd.type}): ${plural(nd.articles, 'article')}`));
    nd.el = a;
    nd.label = s('text', { x: (r0 + 3).toFixed(1), y: '4', class: 'label ent-' + nd.type }, nd.name);
    gLabels.appendChild(nd.label);
    a.addEventListener('mouseenter', () => {
      const near = neighbours.get(nd);
      svg.classList.add('focus');
      nodes.forEach((o) => {
        o.el.classList.toggle('near', near.has(o));
        o.label.classList.toggle('near', near.has(o));
      });
      edges.forEach((e) => e.el.classList.toggle('near', e.s === nd || e.t === nd));
    });
    a.addEventListener('mouseleave', () => svg.classList.remove('focus'));
    gNodes.appendChild(a);
  }
  const draw = () => {
    for (const e of edges) {
      e.el.setAttribute('x1', e.s.x.toFixed(1));
      e.el.setAttribute('y1', e.s.y.toFixed(1));
      e.el.setAttribute('x2', e.t.x.toFixed(1));
      e.el.setAttribute('y2', e.t.y.toFixed(1));
    }
    for (const nd of nodes) {
      const t = `translate(${nd.x.toFixed(1)} ${nd.y.toFixed(1)})`;
      nd.el.setAttribute('transform', t);
      nd.label.setAttribute('transform', t);
    }
  };
  draw();

  // Dragging a node moves it (a click without movement still follows the link).
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest('a.node') : null;
    const nd = a && nodes.find((x) => x.el === a);
    if (!nd) return;
    drag = { nd, x: ev.clientX, y: ev.clientY, ox: nd.x, oy: nd.y, moved: false };
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const b = svg.getBoundingClientRect();
    const dx = ((ev.clientX - drag.x) / b.width) * W;
    const dy = ((ev.clientY - drag.y) / b.height) * H;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    drag.nd.x = drag.ox + dx;
    drag.nd.y = drag.oy + dy;
    draw();
  });
  svg.addEventListener('pointerup', () => {
    if (drag && drag.moved) {
      const a = drag.nd.el;
      a.addEventListener('click', (e) => e.preventDefault(), { once: true });
    }
    drag = null;
  });

  const legend = h('p', { class: 'graph-legend small' },
    ['PER', 'ORG', 'LOC', 'MISC'].map((t) => h('span', { class: 'key-dot ent-' + t }, t === 'PER' ? 'person' : t === 'ORG' ? 'organisation' : t === 'LOC' ? 'location' : 'other')));
  return h('div', { class: 'page graph-page' }, header, h('div', { class: 'graph-wrap' }, svg), legend);
}
