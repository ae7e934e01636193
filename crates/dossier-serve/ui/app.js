// Dossier web UI: hash routes, one view per route. Plain ES modules, no build step.
//   #/                 library overview and latest articles
//   #/search?q=…       search with facets (entity, place, country, from, to, speaker, speaker_type)
//   #/doc/ID           an article with everything found in it
//   #/entity/ID        an entity: articles, quotes, timeline, neighbours
//   #/entities?q=…     browse entities
//   #/quotes           quotes, optional ?speaker=ID&speaker_type=&stance=&q=
//   #/timeline         dated statements, optional ?entity=ID&from=&to=
//   #/map              places on an offline world map, optional ?entity=ID&country=XX
//   #/graph            co-occurrence graph, optional ?entity=ID&limit=&min_weight=

import { h, s, route, clear, dateEl, plural, oneOf, countryName } from './dom.js';
import { api, ApiError, setToken } from './api.js';
import { articleView } from './article.js';
import { mapView } from './map.js';
import { graphView } from './graph.js';

const main = document.getElementById('main');
const searchForm = document.getElementById('search-form');
const searchInput = document.getElementById('search-input');

// ---------------------------------------------------------------- helpers

function str(v) {
  return v === null || v === undefined ? '' : String(v);
}

function empty(text) {
  return h('p', { class: 'empty', role: 'status' }, text);
}

function errorBox(err) {
  const status = err instanceof ApiError ? err.status : 0;
  const box = h('div', { class: 'error', role: 'alert' },
    h('h1', null, status === 404 ? 'Not found' : status === 401 ? 'A token is needed' : 'Something went wrong'),
    h('p', null, str(err && err.message) || 'Unknown error'),
    status && status !== 404 ? h('p', { class: 'muted' }, 'HTTP status ' + status) : null);
  if (status === 401) {
    const input = h('input', { type: 'password', id: 'token-input', autocomplete: 'off' });
    const form = h('form', { class: 'inline-form' }, h('label', { for: 'token-input' }, 'Token '), input, ' ', h('button', { type: 'submit' }, 'Use token'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      setToken(input.value.trim());
      render();
    });
    box.appendChild(form);
  }
  box.appendChild(h('p', null, h('a', { href: '#/' }, 'Back to the library')));
  return box;
}

const ENTITY_LABELS = { PER: 'person', ORG: 'organisation', LOC: 'location', MISC: 'other' };
const KINDS = ['direct', 'partial', 'indirect'];

function typeBadge(t) {
  const k = ENTITY_LABELS[t] ? t : 'MISC';
  return h('span', { class: 'badge ent-' + k, title: ENTITY_LABELS[k] }, k);
}

function pager(total, offset, limit, makeHref) {
  if (total <= limit && offset === 0) return null;
  const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const end = Math.min(offset + limit, total);
  if (offset > 0) nav.appendChild(h('a', { href: makeHref(Math.max(0, offset - limit)), rel: 'prev' }, '← Previous'));
  nav.appendChild(h('span', { class: 'muted' }, ` ${total ? offset + 1 : 0}–${end} of ${total} `));
  if (end < total) nav.appendChild(h('a', { href: makeHref(end), rel: 'next' }, 'Next →'));
  return nav;
}

function intParam(p, name, dflt, max) {
  const n = parseInt(p.get(name) ?? '', 10);
  if (!Number.isFinite(n) || n < 0) return dflt;
  return max ? Math.min(n, max) : n;
}

/** A cached entity name for chips ("entity: Kadri Valk"). */
const entityNames = new Map();
async function entityName(id) {
  if (entityNames.has(id)) return entityNames.get(id);
  try {
    const r = await api('entities/' + encodeURIComponent(id));
    const name = str(r.entity && r.entity.name) || id;
    entityNames.set(id, name);
    return name;
  } catch {
    return id;
  }
}

function articleList(items) {
  return h('ul', { class: 'plain article-list' }, items.map((a) =>
    h('li', null, h('a', { href: route('doc', a.id) }, h('span', { class: 'u' }, str(a.title) || 'Untitled article')), ' ', h('span', { class: 'muted small' }, dateEl(a.published)))));
}

// ---------------------------------------------------------------- home

async function homeView(p) {
  const offset = intParam(p, 'offset', 0);
  const [health, docs] = await Promise.all([api('health'), api('documents', { limit: 20, offset })]);
  document.title = 'Dossier';
  const items = Array.isArray(docs.items) ? docs.items : [];
  return h('div', { class: 'page' },
    h('h1', null, 'Library'),
    h('p', { class: 'lead' }, `${plural(health.documents ?? 0, 'article')} and ${plural(health.entities ?? 0, 'entity', 'entities')}. Search above, or browse the `,
      h('a', { href: '#/entities' }, 'entities'), ', the ', h('a', { href: '#/timeline' }, 'timeline'), ', the ',
      h('a', { href: '#/map' }, 'map'), ' or the ', h('a', { href: '#/graph' }, 'graph'), '.'),
    h('h2', null, 'Latest articles'),
    items.length
      ? h('ul', { class: 'plain results' }, items.map((d) => resultItem({ ...d, snippet: null })))
      : empty('The library is empty. Add articles with “dossier ingest”.'),
    pager(docs.total ?? 0, offset, 20, (o) => route('', null, { offset: o })),
  );
}

// ---------------------------------------------------------------- search

const FILTERS = ['entity', 'place', 'country', 'from', 'to', 'speaker', 'speaker_type'];

/** `text` with the words of the query marked (text nodes and <mark> elements only). */
function withTerms(text, q) {
  const words = str(q)
    .split(/[\s"()+\-:^~*?\\/[\]{}!]+/u)
    .filter((w) => w.length >= 2 && !['AND', 'OR', 'NOT'].includes(w))
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) return str(text);
  // Whole words only (Unicode letters and digits around a match end it).
  const re = new RegExp('(?<![\\p{L}\\p{N}])(' + words.join('|') + ')(?![\\p{L}\\p{N}])', 'giu');
  return str(text).split(re).map((part, i) => (i % 2 ? h('mark', null, part) : part));
}

function resultItem(r, q) {
  let host = null;
  try {
    if (r.url) host = new URL(r.url).host;
  } catch {
    host = null;
  }
  return h('li', null,
    h('a', { class: 'result', href: route('doc', r.id) },
      h('span', { class: 'result-title u' }, r.title ? withTerms(r.title, q) : 'Untitled article'),
      h('span', { class: 'result-meta' }, dateEl(r.published), host ? ' · ' + host : ''),
      r.snippet ? h('span', { class: 'snippet u' }, withTerms(r.snippet, q)) : null));
}

function facetList(title, values, param, p, labelOf) {
  if (!Array.isArray(values) || !values.length) return null;
  const active = new Set(p.getAll(param));
  return h('section', { class: 'facet' }, h('h2', null, title),
    h('ul', { class: 'plain' }, values.map((f) => {
      const v = str(f.value);
      const q = new URLSearchParams(p);
      q.delete('offset');
      if (active.has(v)) {
        const rest = q.getAll(param).filter((x) => x !== v);
        q.delete(param);
        rest.forEach((x) => q.append(param, x));
      } else if (param === 'entity') {
        q.append(param, v);
      } else {
        q.set(param, v);
      }
      return h('li', null, h('a', { href: route('search', null, q), class: active.has(v) ? 'facet-on' : null, 'aria-current': active.has(v) ? 'true' : null, title: active.has(v) ? 'Remove this filter' : 'Refine by this' },
        h('span', { class: 'u' }, labelOf(f)), ' ', h('span', { class: 'count' }, String(f.count ?? ''))));
    })));
}

async function chips(p) {
  const out = [];
  for (const key of FILTERS) {
    for (const v of p.getAll(key)) {
      const q = new URLSearchParams(p);
      const rest = q.getAll(key).filter((x) => x !== v);
      q.delete(key);
      q.delete('offset');
      rest.forEach((x) => q.append(key, x));
      const shown = key === 'entity' || (key === 'speaker' && /^e[0-9a-f]{16}$/.test(v)) ? await entityName(v) : key === 'country' ? countryName(v) : v;
      out.push(h('a', { class: 'chip', href: route('search', null, q), title: 'Remove this filter' }, key.replace('_', ' ') + ': ', h('span', { class: 'u' }, shown), ' ✕'));
    }
  }
  return out;
}

async function searchView(p) {
  const q = p.get('q') || '';
  const hasFilter = FILTERS.some((k) => p.has(k));
  searchInput.value = q;
  document.title = (q ? q + ' — ' : '') + 'Search — Dossier';
  if (!q && !hasFilter) return homeView(new URLSearchParams());
  const offset = intParam(p, 'offset', 0);
  const params = { q, limit: 20, offset };
  for (const k of FILTERS) params[k] = p.getAll(k);
  const r = await api('search', params);
  const items = Array.isArray(r.items) ? r.items : [];
  const f = r.facets || {};
  const dates = h('form', { class: 'facet date-filter' },
    h('h2', null, 'Published'),
    h('label', { for: 'f-from' }, 'From'), h('input', { type: 'date', id: 'f-from', name: 'from', value: p.get('from') || '' }),
    h('label', { for: 'f-to' }, 'To'), h('input', { type: 'date', id: 'f-to', name: 'to', value: p.get('to') || '' }),
    h('button', { type: 'submit' }, 'Apply'));
  dates.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = new URLSearchParams(p);
    n.delete('offset');
    for (const k of ['from', 'to']) {
      const v = dates.elements[k].value;
      if (v) n.set(k, v);
      else n.delete(k);
    }
    location.hash = route('search', null, n);
  });
  const facets = h('aside', { class: 'facets', 'aria-label': 'Refine' },
    facetList('Countries', f.countries, 'country', p, (x) => str(x.label) || countryName(str(x.value))),
    facetList('Speaker types', f.speaker_types, 'speaker_type', p, (x) => str(x.label || x.value).replace('_', ' ')),
    facetList('Entities', f.entities, 'entity', p, (x) => str(x.label || x.value)),
    dates);
  const total = r.total ?? items.length;
  return h('div', { class: 'search-layout' },
    facets,
    h('section', { class: 'search-results', 'aria-labelledby': 'results-title' },
      h('h1', { id: 'results-title' }, q ? ['Results for “', h('span', { class: 'u' }, q), '”'] : 'Filtered articles'),
      h('div', { class: 'chips' }, await chips(p)),
      h('p', { class: 'muted', role: 'status' }, plural(total, 'article')),
      items.length ? h('ol', { class: 'plain results' }, items.map((x) => resultItem(x, q))) : empty('No article matches. Try fewer words or remove a filter.'),
      pager(total, offset, 20, (o) => {
        const n = new URLSearchParams(p);
        n.set('offset', String(o));
        return route('search', null, n);
      })));
}

// ---------------------------------------------------------------- entities

async function entitiesView(p) {
  const q = p.get('q') || '';
  const type = p.get('type') || '';
  const offset = intParam(p, 'offset', 0);
  const r = await api('entities', { q, type, limit: 50, offset });
  document.title = 'Entities — Dossier';
  const items = Array.isArray(r.items) ? r.items : [];
  const input = h('input', { type: 'search', id: 'entity-q', name: 'q', value: q, placeholder: 'Name or alias' });
  const sel = h('select', { id: 'entity-type', name: 'type' },
    [['', 'All types'], ['PER', 'People'], ['ORG', 'Organisations'], ['LOC', 'Locations'], ['MISC', 'Other']].map(([v, l]) => {
      const o = h('option', { value: v }, l);
      if (v === type) o.selected = true;
      return o;
    }));
  const form = h('form', { class: 'inline-form', role: 'search' }, h('label', { for: 'entity-q' }, 'Find '), input, ' ', h('label', { for: 'entity-type', class: 'sr' }, 'Type'), sel, ' ', h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = route('entities', null, { q: input.value.trim(), type: sel.value });
  });
  return h('div', { class: 'page' },
    h('h1', null, 'Entities'), form,
    items.length
      ? h('table', { class: 'table' },
        h('thead', null, h('tr', null, ['Name', 'Type', 'Country', 'Articles', 'Mentions', 'Seen'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, items.map((e) => h('tr', null,
          h('td', null, h('a', { href: route('entity', e.id) }, h('span', { class: 'u' }, str(e.name)))),
          h('td', null, typeBadge(e.type), e.subtype ? ' ' + e.subtype : ''),
          h('td', null, str(e.country) || '—'),
          h('td', { class: 'num' }, str(e.articles)),
          h('td', { class: 'num' }, str(e.mentions)),
          h('td', { class: 'small' }, e.first_seen ? [dateEl(e.first_seen), e.last_seen && e.last_seen !== e.first_seen ? [' – ', dateEl(e.last_seen)] : null] : '—')))))
      : empty('No entity matches.'),
    pager(r.total ?? 0, offset, 50, (o) => route('entities', null, { q, type, offset: o })));
}

function barChart(timeline) {
  // Bars on a time axis (days since the first date), so gaps between dates show.
  const day = (d) => Date.UTC(+d.slice(0, 4), +(d.slice(5, 7) || 1) - 1, +(d.slice(8, 10) || 1)) / 86400000;
  const data = (timeline || []).filter((d) => d && typeof d.date === 'string' && /^\d{4}(-\d\d){0,2}$/.test(d.date));
  if (!data.length) return empty('No dated articles.');
  const max = Math.max(1, ...data.map((d) => Number(d.count) || 0));
  const W = 600;
  const H = 120;
  const t0 = Math.min(...data.map((d) => day(d.date)));
  const t1 = Math.max(...data.map((d) => day(d.date)));
  const span = Math.max(1, t1 - t0);
  const bw = Math.max(3, Math.min(16, (W - 40) / (span + 1)));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H + 30}`, class: 'bars', role: 'img', 'aria-label': 'Articles by date' });
  svg.appendChild(s('line', { x1: 10, y1: H + 0.5, x2: W - 10, y2: H + 0.5, class: 'baseline' }));
  for (const d of data) {
    const n = Number(d.count) || 0;
    const bh = Math.max(1, (n / max) * (H - 16));
    const x = t0 === t1 ? W / 2 - bw / 2 : 20 + ((day(d.date) - t0) / span) * (W - 40 - bw);
    svg.appendChild(s('rect', { x: x.toFixed(1), y: (H - bh).toFixed(1), width: bw.toFixed(1), height: bh.toFixed(1), class: 'bar' },
      s('title', null, `${d.date}: ${plural(n, 'article')}`)));
  }
  const first = data.reduce((a, b) => (day(a.date) <= day(b.date) ? a : b)).date;
  const last = data.reduce((a, b) => (day(a.date) >= day(b.date) ? a : b)).date;
  svg.appendChild(s('text', { x: t0 === t1 ? W / 2 : 20, y: H + 20, class: 'axis', 'text-anchor': t0 === t1 ? 'middle' : 'start' }, first));
  if (t0 !== t1) svg.appendChild(s('text', { x: W - 20, y: H + 20, class: 'axis', 'text-anchor': 'end' }, last));
  svg.appendChild(s('text', { x: W - 10, y: 12, class: 'axis', 'text-anchor': 'end' }, 'max ' + plural(max, 'article')));
  return svg;
}

function quoteCard(q) {
  return h('li', { class: 'quote-card' },
    h('blockquote', { class: 'quote-text kind-' + oneOf(q.kind, KINDS, 'direct') }, str(q.text)),
    h('p', { class: 'small' },
      q.cue ? h('span', null, str(q.cue), ' · ') : null,
      h('span', { class: 'stance' }, str(q.stance) || '—'), ' · ', str(q.kind), ' · ',
      h('a', { href: route('doc', q.doc_id) }, h('span', { class: 'u' }, str(q.title) || 'Untitled article')), ' ',
      h('span', { class: 'muted' }, dateEl(q.published))));
}

async function entityView(id) {
  const r = await api('entities/' + encodeURIComponent(id));
  const e = r.entity || {};
  entityNames.set(id, str(e.name));
  document.title = str(e.name) + ' — Dossier';
  const arts = Array.isArray(r.articles) ? r.articles : [];
  const quotes = Array.isArray(r.quotes) ? r.quotes : [];
  const nbs = Array.isArray(r.neighbours) ? r.neighbours : [];
  const aliases = Array.isArray(e.aliases) ? e.aliases : [];
  return h('div', { class: 'page entity-page' },
    h('h1', null, h('span', { class: 'u' }, str(e.name)), ' ', typeBadge(e.type)),
    h('dl', { class: 'facts' },
      h('dt', null, 'Type'), h('dd', null, ENTITY_LABELS[e.type] || str(e.type), e.subtype ? ' · ' + e.subtype : ''),
      e.country ? [h('dt', null, 'Country'), h('dd', null, countryName(str(e.country)))] : null,
      h('dt', null, 'Also written'), h('dd', { class: 'u' }, aliases.length ? aliases.join(' · ') : '—'),
      h('dt', null, 'Seen'), h('dd', null, e.first_seen ? [dateEl(e.first_seen), ' – ', dateEl(e.last_seen)] : '—'),
      h('dt', null, 'Mentions'), h('dd', null, `${plural(e.mentions ?? 0, 'mention')} in ${plural(e.articles ?? arts.length, 'article')}`)),
    h('p', { class: 'actions' },
      h('a', { href: route('search', null, { entity: id }) }, 'Search its articles'), ' · ',
      h('a', { href: route('quotes', null, { speaker: id }) }, 'Quotes'), ' · ',
      h('a', { href: route('timeline', null, { entity: id }) }, 'Timeline'), ' · ',
      h('a', { href: route('map', null, { entity: id }) }, 'Map'), ' · ',
      h('a', { href: route('graph', null, { entity: id }) }, 'Graph')),
    h('div', { class: 'columns' },
      h('section', null, h('h2', null, 'Articles ', h('span', { class: 'count' }, String(arts.length))), arts.length ? articleList(arts) : empty('No articles.'),
        h('h2', null, 'Over time'), barChart(r.timeline)),
      h('section', null, h('h2', null, 'Quotes ', h('span', { class: 'count' }, String(quotes.length))),
        quotes.length ? h('ol', { class: 'plain quote-list' }, quotes.map(quoteCard)) : empty('No quotes by this entity.'),
        h('h2', null, 'Appears with'),
        nbs.length
          ? h('ul', { class: 'plain neighbours' }, nbs.map((n) => h('li', null, typeBadge(n.type), ' ', h('a', { href: route('entity', n.id) }, h('span', { class: 'u' }, str(n.name))), h('span', { class: 'muted' }, ' ' + plural(n.weight ?? 0, 'article')))))
          : empty('No neighbours.'))));
}

// ---------------------------------------------------------------- quotes

const SPEAKER_TYPES = ['person', 'official', 'organization', 'state_media', 'media', 'document', 'unnamed', 'unknown'];
const STANCES = ['assert', 'deny', 'accuse', 'suggest', 'speculate', 'promise', 'warn', 'ask'];

function quoteRow(q) {
  const sp = q.speaker;
  const who = sp ? str(sp.canonical) || str(sp.text) : 'unknown speaker';
  return h('li', { class: 'quote-card' },
    h('blockquote', { class: 'quote-text kind-' + oneOf(q.kind, KINDS, 'direct') }, str(q.text)),
    h('p', { class: 'small' },
      sp && sp.entity_id ? h('a', { href: route('entity', sp.entity_id) }, h('span', { class: 'u' }, who)) : h('span', { class: 'u' }, who),
      sp && sp.type ? h('span', { class: 'muted' }, ' (' + str(sp.type).replace('_', ' ') + ')') : null,
      q.cue ? [' · ', str(q.cue)] : null, ' · ', h('span', { class: 'stance' }, str(q.stance) || '—'), ' · ', str(q.kind), ' · ',
      h('a', { href: route('doc', q.doc_id) }, h('span', { class: 'u' }, str(q.title) || 'Untitled article')), ' ',
      h('span', { class: 'muted' }, dateEl(q.published))));
}

async function quotesView(p) {
  const offset = intParam(p, 'offset', 0);
  const limit = 50;
  const r = await api('quotes', { speaker: p.get('speaker'), speaker_type: p.get('speaker_type'), stance: p.get('stance'), q: p.get('q'), limit, offset });
  document.title = 'Quotes — Dossier';
  const items = Array.isArray(r.items) ? r.items : [];
  const select = (name, label, values) => {
    const sel = h('select', { id: 'qf-' + name, name }, h('option', { value: '' }, label), values.map((v) => {
      const o = h('option', { value: v }, v.replace('_', ' '));
      if (p.get(name) === v) o.selected = true;
      return o;
    }));
    return [h('label', { for: 'qf-' + name, class: 'sr' }, label), sel];
  };
  const text = h('input', { type: 'search', id: 'qf-q', name: 'q', value: p.get('q') || '', placeholder: 'Words in the quote' });
  const form = h('form', { class: 'inline-form' }, h('label', { for: 'qf-q', class: 'sr' }, 'Words in the quote'), text, ' ',
    select('speaker_type', 'Any speaker type', SPEAKER_TYPES), ' ', select('stance', 'Any stance', STANCES), ' ', h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = new URLSearchParams(p);
    n.delete('offset');
    for (const k of ['q', 'speaker_type', 'stance']) {
      const v = form.elements[k].value.trim();
      if (v) n.set(k, v);
      else n.delete(k);
    }
    location.hash = route('quotes', null, n);
  });
  const speakerParams = new URLSearchParams(p);
  if (speakerParams.has('speaker')) speakerParams.set('entity', speakerParams.get('speaker'));
  speakerParams.delete('speaker');
  const picker = await entityPicker(speakerParams, 'quotes', 'speaker');
  return h('div', { class: 'page' },
    h('h1', null, 'Quotes'),
    h('div', { class: 'toolbar' }, picker, form),
    h('p', { class: 'muted', role: 'status' }, plural(r.total ?? items.length, 'quote')),
    items.length ? h('ol', { class: 'plain quote-list' }, items.map(quoteRow)) : empty('No quote matches.'),
    pager(r.total ?? 0, offset, limit, (o) => {
      const n = new URLSearchParams(p);
      n.set('offset', String(o));
      return route('quotes', null, n);
    }));
}

// ---------------------------------------------------------------- timeline

function granularity(value) {
  if (/^\d{4}$/.test(value)) return 'year';
  if (/^\d{4}-\d{2}$/.test(value)) return 'month';
  return 'day';
}

function sentenceWith(sentence, text) {
  const sen = str(sentence);
  const t = str(text);
  const i = t ? sen.indexOf(t) : -1;
  if (i < 0) return h('span', { class: 'u' }, sen);
  return h('span', { class: 'u' }, sen.slice(0, i), h('span', { class: 'mark-timex' }, t), sen.slice(i + t.length));
}

async function entityPicker(p, target, param = 'entity') {
  // A small typeahead: find an entity by name, then filter by its id (as `param`).
  // `p` holds the current filter under 'entity'.
  const toTarget = (q) => {
    if (param !== 'entity' && q.has('entity')) {
      q.set(param, q.get('entity'));
      q.delete('entity');
    }
    return route(target, null, q);
  };
  const current = p.get('entity');
  const box = h('div', { class: 'picker' });
  if (current) {
    const q = new URLSearchParams(p);
    q.delete('entity');
    q.delete('offset');
    box.appendChild(h('a', { class: 'chip', href: toTarget(q), title: 'Remove this filter' }, param + ': ', h('span', { class: 'u' }, await entityName(current)), ' ✕'));
    return box;
  }
  const input = h('input', { type: 'search', id: 'picker-input', placeholder: 'Filter by entity…', autocomplete: 'off', 'aria-controls': 'picker-list' });
  const list = h('ul', { class: 'plain picker-list', id: 'picker-list', 'aria-live': 'polite' });
  let timer = null;
  let seq = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++seq;
      const v = input.value.trim();
      if (!v) return clear(list);
      try {
        const r = await api('entities', { q: v, limit: 8 });
        if (mine !== seq) return;
        clear(list);
        const items = Array.isArray(r.items) ? r.items : [];
        if (!items.length) list.appendChild(h('li', { class: 'muted' }, 'No entity matches.'));
        items.forEach((e) => {
          const q = new URLSearchParams(p);
          q.set('entity', e.id);
          q.delete('offset');
          list.appendChild(h('li', null, h('a', { href: toTarget(q) }, typeBadge(e.type), ' ', h('span', { class: 'u' }, str(e.name)))));
        });
      } catch (err) {
        clear(list).appendChild(h('li', { class: 'error-inline' }, str(err.message)));
      }
    }, 200);
  });
  box.append(h('label', { for: 'picker-input', class: 'sr' }, 'Filter by entity'), input, list);
  return box;
}

async function timelineView(p) {
  const offset = intParam(p, 'offset', 0);
  const limit = 200;
  const r = await api('timeline', { entity: p.get('entity'), from: p.get('from'), to: p.get('to'), limit, offset });
  document.title = 'Timeline — Dossier';
  const items = Array.isArray(r.items) ? r.items : [];
  const groups = [];
  for (const it of items) {
    const key = str(it.value) || str(it.date);
    if (!groups.length || groups[groups.length - 1].key !== key) groups.push({ key, date: str(it.date), items: [] });
    groups[groups.length - 1].items.push(it);
  }
  const range = h('form', { class: 'inline-form' },
    h('label', { for: 't-from' }, 'From '), h('input', { type: 'date', id: 't-from', name: 'from', value: p.get('from') || '' }), ' ',
    h('label', { for: 't-to' }, 'to '), h('input', { type: 'date', id: 't-to', name: 'to', value: p.get('to') || '' }), ' ',
    h('button', { type: 'submit' }, 'Apply'));
  range.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = new URLSearchParams(p);
    n.delete('offset');
    for (const k of ['from', 'to']) {
      const v = range.elements[k].value;
      if (v) n.set(k, v);
      else n.delete(k);
    }
    location.hash = route('timeline', null, n);
  });
  return h('div', { class: 'page' },
    h('h1', null, 'Timeline'),
    h('div', { class: 'toolbar' }, await entityPicker(p, 'timeline'), range),
    h('p', { class: 'muted', role: 'status' }, plural(r.total ?? items.length, 'dated statement')),
    groups.length
      ? h('ol', { class: 'plain timeline' }, groups.map((g) => h('li', { class: 'tl-group' },
        h('h2', { class: 'tl-date' }, h('time', { datetime: g.key }, g.key), h('span', { class: 'muted small' }, ' ' + granularity(g.key))),
        h('ul', { class: 'plain' }, g.items.map((it) => h('li', { class: 'tl-item' },
          h('p', null, sentenceWith(it.sentence, it.text)),
          h('p', { class: 'small' }, h('a', { href: route('doc', it.doc_id) }, h('span', { class: 'u' }, str(it.title) || 'Untitled article')))))))))
      : empty('No dated statements here.'),
    pager(r.total ?? 0, offset, limit, (o) => {
      const n = new URLSearchParams(p);
      n.set('offset', String(o));
      return route('timeline', null, n);
    }));
}

// ---------------------------------------------------------------- router

let generation = 0;

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const parts = path.split('/').map((x) => {
    try {
      return decodeURIComponent(x);
    } catch {
      return x;
    }
  });
  return { parts, params };
}

async function render() {
  const mine = ++generation;
  const { parts, params } = parseHash();
  const [name, id] = parts;
  document.querySelectorAll('.top nav a').forEach((a) => {
    const on = a.getAttribute('href') === '#/' + (name || '');
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (name !== 'search') searchInput.value = '';
  main.setAttribute('aria-busy', 'true');
  let node;
  try {
    switch (name || '') {
      case '': node = await homeView(params); break;
      case 'search': node = await searchView(params); break;
      case 'doc': node = await articleView(id || ''); break;
      case 'entity': node = await entityView(id || ''); break;
      case 'entities': node = await entitiesView(params); break;
      case 'timeline': node = await timelineView(params); break;
      case 'quotes': node = await quotesView(params); break;
      case 'map': node = await mapView(params, entityPicker); break;
      case 'graph': node = await graphView(params, entityPicker); break;
      default: throw new ApiError(404, 'There is no page “' + name + '”.');
    }
  } catch (err) {
    node = errorBox(err);
  }
  if (mine !== generation) return; // a newer navigation won
  clear(main).appendChild(node);
  main.removeAttribute('aria-busy');
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

searchForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = searchInput.value.trim();
  location.hash = route('search', null, { q });
});

window.addEventListener('hashchange', render);
// "/" focuses the search box (unless the user is typing somewhere).
document.addEventListener('keydown', (e) => {
  const t = e.target;
  const typing = t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    searchInput.focus();
    searchInput.select();
  }
});
// In-page anchors that are not routes (e.g. the skip link) must not reach the router.
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
render();


