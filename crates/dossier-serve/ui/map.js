// The map: an equirectangular world drawn from /api/world (grid cells of the embedded gazetteer,
// one SVG path), places from /api/geojson as circles sized by mentions. Pan by dragging, zoom with
// the buttons or the wheel. Clicking a circle lists the places around it.

import { h, s, route, clear, plural, countryName } from './dom.js';
import { api } from './api.js';

function str(v) {
  return v === null || v === undefined ? '' : String(v);
}

function num(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

let worldCache = null;

async function world() {
  if (!worldCache) worldCache = await api('world');
  return worldCache;
}

function landPath(w) {
  const c = num(w.cell) && w.cell > 0 ? w.cell : 2;
  const parts = [];
  for (const cell of Array.isArray(w.cells) ? w.cells : []) {
    if (!Array.isArray(cell)) continue;
    const lon = num(cell[0]);
    const lat = num(cell[1]);
    if (lon === null || lat === null) continue;
    // y grows downwards: the cell's top edge is at -(lat + c).
    parts.push(`M${lon} ${-(lat + c)}h${c}v${c}h${-c}z`);
  }
  return parts.join('');
}

function placePoints(geo) {
  const out = [];
  for (const f of Array.isArray(geo.features) ? geo.features : []) {
    const c = f && f.geometry && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : null;
    if (!c) continue;
    const lon = num(c[0]);
    const lat = num(c[1]);
    if (lon === null || lat === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    const p = f.properties || {};
    out.push({ lon, lat, name: str(p.name), id: p.geonames_id, feature: str(p.feature), country: str(p.country), mentions: Number(p.mentions) || 0, articles: Number(p.articles) || 0 });
  }
  out.sort((a, b) => b.mentions - a.mentions);
  return out;
}

function placeRow(p) {
  const key = p.id !== null && p.id !== undefined ? String(p.id) : p.name;
  return h('li', null,
    h('a', { href: route('search', null, { place: key }), title: 'Articles mentioning this place' }, h('span', { class: 'u' }, p.name || '(unnamed)')),
    h('span', { class: 'muted small' }, ` ${[p.feature, p.country].filter(Boolean).join(', ')} · ${plural(p.mentions, 'mention')} in ${plural(p.articles, 'article')}`));
}

export async function mapView(p, entityPicker) {
  const entity = p.get('entity');
  const country = p.get('country');
  const [w, geo] = await Promise.all([world(), api('geojson', { entity, country })]);
  document.title = 'Map — Dossier';
  const places = placePoints(geo);
  const maxM = Math.max(1, ...places.map((x) => x.mentions));

  // 84°N to 60°S: where the land and the news are (the sea rectangle still covers the poles).
  const full = { x: -180, y: -84, w: 360, h: 144 };
  let view = { ...full };
  const svg = s('svg', { class: 'map', viewBox: `${view.x} ${view.y} ${view.w} ${view.h}`, role: 'img', 'aria-label': `World map with ${plural(places.length, 'place')}` });
  svg.appendChild(s('rect', { x: -180, y: -90, width: 360, height: 180, class: 'sea' }));
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  const grat = [];
  for (let lon = -150; lon <= 150; lon += 30) grat.push(`M${lon} -90V90`);
  for (let lat = -60; lat <= 60; lat += 30) grat.push(`M-180 ${-lat}H180`);
  svg.appendChild(s('path', { d: grat.join(''), class: 'graticule' }));
  svg.appendChild(s('path', { d: landPath(w), class: 'land' }));
  const dots = s('g', { class: 'places' });
  svg.appendChild(dots);

  const listBox = h('div', { class: 'map-selection', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Click a circle to list the places around it.'));
  const select = (pt) => {
    // Everything within a few degrees of the clicked place (scaled with the zoom).
    const radius = Math.max(0.5, view.w / 60);
    const near = places.filter((q) => Math.hypot(q.lon - pt.lon, q.lat - pt.lat) <= radius);
    clear(listBox).append(h('h2', null, 'Near ', h('span', { class: 'u' }, pt.name || 'here')), h('ul', { class: 'plain' }, near.map(placeRow)));
  };

  let scale = 1;
  const circles = [];
  for (const pt of places) {
    const r0 = 0.8 + 3.2 * Math.sqrt(pt.mentions / maxM);
    const c = s('circle', { cx: pt.lon.toFixed(3), cy: (-pt.lat).toFixed(3), r: r0.toFixed(2), class: 'place-dot', tabindex: '0', role: 'button', 'aria-label': pt.name },
      s('title', null, `${pt.name}${pt.country ? ' (' + pt.country + ')' : ''}: ${plural(pt.mentions, 'mention')} in ${plural(pt.articles, 'article')}`));
    c.addEventListener('click', () => select(pt));
    c.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(pt);
      }
    });
    circles.push([c, r0]);
    dots.appendChild(c);
  }

  const apply = () => {
    svg.setAttribute('viewBox', `${view.x.toFixed(3)} ${view.y.toFixed(3)} ${view.w.toFixed(3)} ${view.h.toFixed(3)}`);
    scale = view.w / full.w;
    // Circles keep their screen size when zooming in (but never vanish).
    for (const [c, r0] of circles) c.setAttribute('r', Math.max(0.05, r0 * Math.sqrt(scale)).toFixed(3));
  };
  const zoom = (f, cx, cy) => {
    const nw = Math.min(full.w, Math.max(5, view.w * f));
    const k = nw / view.w;
    const px = cx ?? view.x + view.w / 2;
    const py = cy ?? view.y + view.h / 2;
    view = { x: px - (px - view.x) * k, y: py - (py - view.y) * k, w: nw, h: (nw * full.h) / full.w };
    clamp();
    apply();
  };
  const clamp = () => {
    view.x = Math.min(full.x + full.w - view.w, Math.max(full.x, view.x));
    view.y = Math.min(full.y + full.h - view.h, Math.max(full.y, view.y));
  };
  const toWorld = (ev) => {
    const b = svg.getBoundingClientRect();
    return [view.x + ((ev.clientX - b.left) / b.width) * view.w, view.y + ((ev.clientY - b.top) / b.height) * view.h];
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const [x, y] = toWorld(ev);
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, x, y);
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => {
    if (ev.target instanceof SVGCircleElement) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const b = svg.getBoundingClientRect();
    view.x = drag.vx - ((ev.clientX - drag.x) / b.width) * view.w;
    view.y = drag.vy - ((ev.clientY - drag.y) / b.height) * view.h;
    clamp();
    apply();
  });
  const stop = () => {
    drag = null;
  };
  svg.addEventListener('pointerup', stop);
  svg.addEventListener('pointercancel', stop);

  const btn = (label, title, fn) => {
    const b = h('button', { type: 'button', title, 'aria-label': title }, label);
    b.addEventListener('click', fn);
    return b;
  };
  const controls = h('div', { class: 'map-controls' },
    btn('+', 'Zoom in', () => zoom(0.5)),
    btn('−', 'Zoom out', () => zoom(2)),
    btn('⟲', 'Whole world', () => {
      view = { ...full };
      apply();
    }));

  let countryChip = null;
  if (country) {
    const q = new URLSearchParams(p);
    q.delete('country');
    countryChip = h('a', { class: 'chip', href: route('map', null, q), title: 'Remove this filter' }, 'country: ' + countryName(country) + ' ✕');
  }
  return h('div', { class: 'page map-page' },
    h('h1', null, 'Map'),
    h('div', { class: 'toolbar' }, await entityPicker(p, 'map'), countryChip),
    h('p', { class: 'muted', role: 'status' }, plural(places.length, 'place')),
    h('div', { class: 'map-wrap' }, svg, controls),
    h('div', { class: 'columns' },
      listBox,
      h('section', null, h('h2', null, 'All places'),
        places.length ? h('ol', { class: 'plain place-list' }, places.slice(0, 200).map(placeRow)) : h('p', { class: 'empty' }, 'No places here.'))));
}
