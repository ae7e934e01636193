// The article view: the body text with entities, quotes, dates and places marked inline, and the
// side panels. Offsets in dossier.document/1 are Unicode code points; JS strings are UTF-16, so
// the text is split with Array.from and every span is cut at every boundary of every other span
// (spans may nest or overlap: each segment simply carries all the spans that cover it).

import { h, route, externalLink, dateEl, plural, oneOf } from './dom.js';
import { api } from './api.js';

const ENTITY_LABELS = { PER: 'person', ORG: 'organisation', LOC: 'location', MISC: 'other' };

function validSpan(x, len) {
  return (
    x && Number.isInteger(x.start) && Number.isInteger(x.end) && x.start >= 0 && x.end > x.start && x.end <= len
  );
}

function str(v) {
  return v === null || v === undefined ? '' : String(v);
}

/** Every annotation of the document as {key, start, end, kind, cls, title, entity, order}. */
export function annotations(doc, entityIds) {
  const len = Array.from(str(doc.text)).length;
  const out = [];
  const push = (a) => {
    if (validSpan(a, len)) out.push(a);
  };
  (doc.entities || []).forEach((e, i) => {
    const label = ENTITY_LABELS[e.label] ? e.label : 'MISC';
    push({
      key: 'ent-' + i, start: e.start, end: e.end, kind: 'ent', order: 1,
      cls: 'mark-ent ent-' + label,
      title: `${ENTITY_LABELS[label]}: ${str(e.canonical) || str(e.text)}`,
      entity: entityIds[e.cluster] || null,
    });
  });
  (doc.places || []).forEach((p, i) => {
    const where = [p.feature, p.country].filter(Boolean).join(', ');
    push({
      key: 'place-' + i, start: p.start, end: p.end, kind: 'place', order: 2, cls: 'mark-place',
      title: `place: ${str(p.name)}${where ? ' (' + where + ')' : ''}`,
    });
  });
  (doc.timexes || []).forEach((t, i) => {
    push({
      key: 'timex-' + i, start: t.start, end: t.end, kind: 'timex', order: 3, cls: 'mark-timex',
      title: `${str(t.type) || 'TIMEX'}: ${str(t.value)}`,
    });
  });
  (doc.quotes || []).forEach((q, i) => {
    const who = q.speaker ? str(q.speaker.canonical) || str(q.speaker.text) : 'unknown speaker';
    push({
      key: 'quote-' + i, start: q.start, end: q.end, kind: 'quote', order: 0,
      cls: 'mark-quote quote-' + (['direct', 'partial', 'indirect'].includes(q.kind) ? q.kind : 'direct'),
      title: `${str(q.kind)} quote (${str(q.stance)}), speaker: ${who}`,
    });
    if (q.speaker) {
      push({
        key: 'speaker-' + i, start: q.speaker.start, end: q.speaker.end, kind: 'speaker', order: 4,
        cls: 'mark-speaker', title: `speaker: ${who} (${str(q.speaker.type)})`,
        entity: (q.speaker.cluster && entityIds[q.speaker.cluster]) || null,
      });
    }
    if (q.cue) {
      push({
        key: 'cue-' + i, start: q.cue.start, end: q.cue.end, kind: 'cue', order: 5, cls: 'mark-cue',
        title: `cue: ${str(q.cue.lemma) || str(q.cue.text)}`,
      });
    }
  });
  return out;
}

/** The body text as DOM: one text segment per stretch between span boundaries. */
export function markedText(text, anns) {
  const chars = Array.from(str(text));
  const cuts = new Set([0, chars.length]);
  for (const a of anns) {
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const bounds = [...cuts].sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  const seen = new Set();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1];
    let node = document.createTextNode(chars.slice(a, b).join(''));
    const active = anns.filter((x) => x.start <= a && x.end >= b);
    // Innermost first: higher order, then shorter span, sits deeper.
    active.sort((x, y) => y.order - x.order || x.end - x.start - (y.end - y.start));
    for (const ann of active) {
      const el = h('span', { class: ann.cls, title: ann.title, 'data-ann': ann.key });
      if (ann.entity) el.setAttribute('data-entity', ann.entity);
      if (!seen.has(ann.key)) {
        seen.add(ann.key);
        el.setAttribute('id', 'ann-' + ann.key);
      }
      el.appendChild(node);
      node = el;
    }
    frag.appendChild(node);
  }
  return frag;
}

function jumpButton(key, label) {
  const b = h('button', { type: 'button', class: 'jump', title: 'Show in the text', 'aria-label': 'Show "' + label + '" in the text' }, '↧');
  b.addEventListener('click', () => {
    const el = document.getElementById('ann-' + key);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    document.querySelectorAll('[data-ann].flash').forEach((x) => x.classList.remove('flash'));
    document.querySelectorAll('[data-ann]').forEach((x) => {
      if (x.getAttribute('data-ann') === key) x.classList.add('flash');
    });
  });
  return b;
}

function entityLink(id, label) {
  return id ? h('a', { href: route('entity', id) }, label) : h('span', null, label);
}

function panel(title, count, body) {
  return h('section', { class: 'panel' }, h('h2', null, title, ' ', h('span', { class: 'count' }, String(count))), body);
}

function entitiesPanel(doc, ids) {
  const groups = new Map();
  (doc.entities || []).forEach((e, i) => {
    const k = str(e.cluster) || 'i' + i;
    if (!groups.has(k)) groups.set(k, { first: i, e, n: 0, forms: new Set() });
    const g = groups.get(k);
    g.n++;
    g.forms.add(str(e.text));
  });
  const list = [...groups.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first);
  if (!list.length) return panel('Entities', 0, h('p', { class: 'empty' }, 'No entities found.'));
  return panel(
    'Entities',
    list.length,
    h(
      'ul',
      { class: 'plain entity-list' },
      list.map(([cluster, g]) => {
        const name = str(g.e.canonical) || str(g.e.text);
        const label = ENTITY_LABELS[g.e.label] ? g.e.label : 'MISC';
        const forms = [...g.forms].filter((f) => f !== name);
        return h(
          'li',
          null,
          h('span', { class: 'badge ent-' + label, title: ENTITY_LABELS[label] }, label),
          ' ',
          entityLink(ids[cluster], name),
          g.e.subtype ? h('span', { class: 'muted' }, ' ' + g.e.subtype) : null,
          h('span', { class: 'muted' }, ' ×' + g.n),
          forms.length ? h('div', { class: 'forms muted' }, 'as ', forms.join(', ')) : null,
          jumpButton('ent-' + g.first, name),
        );
      }),
    ),
  );
}

function quotesPanel(doc, ids) {
  const qs = doc.quotes || [];
  if (!qs.length) return panel('Quotes', 0, h('p', { class: 'empty' }, 'No quotes found.'));
  return panel(
    'Quotes',
    qs.length,
    h(
      'ol',
      { class: 'plain quote-list' },
      qs.map((q, i) => {
        const sp = q.speaker;
        const who = sp ? str(sp.canonical) || str(sp.text) : null;
        return h(
          'li',
          { class: 'quote-card' },
          h('blockquote', { class: 'quote-text kind-' + oneOf(q.kind, ['direct', 'partial', 'indirect'], 'direct') }, str(q.text)),
          h(
            'dl',
            { class: 'facts' },
            h('dt', null, 'Speaker'),
            h('dd', null, sp ? entityLink(sp.cluster && ids[sp.cluster], who) : h('span', { class: 'muted' }, 'unknown'),
              sp && sp.type ? h('span', { class: 'muted' }, ' (' + sp.type + ')') : null),
            h('dt', null, 'Cue'),
            h('dd', null, q.cue ? str(q.cue.text) : '—'),
            h('dt', null, 'Stance'),
            h('dd', null, h('span', { class: 'stance' }, str(q.stance) || '—'), ' · ', str(q.kind)),
          ),
          jumpButton('quote-' + i, 'quote ' + (i + 1)),
        );
      }),
    ),
  );
}

function datesPanel(doc) {
  const ts = doc.timexes || [];
  if (!ts.length) return panel('Dates', 0, h('p', { class: 'empty' }, 'No dates found.'));
  return panel(
    'Dates',
    ts.length,
    h(
      'ul',
      { class: 'plain' },
      ts.map((t, i) =>
        h('li', null, h('span', { class: 'timex-text' }, str(t.text)), ' → ', h('code', null, str(t.value)),
          h('span', { class: 'muted' }, ' ' + str(t.type)), jumpButton('timex-' + i, str(t.text))),
      ),
    ),
  );
}

function placesPanel(doc) {
  const ps = doc.places || [];
  if (!ps.length) return panel('Places', 0, h('p', { class: 'empty' }, 'No places found.'));
  return panel(
    'Places',
    ps.length,
    h(
      'ul',
      { class: 'plain' },
      ps.map((p, i) => {
        const where = [p.feature, p.country].filter(Boolean).join(', ');
        const coords = typeof p.lat === 'number' && typeof p.lon === 'number' ? ` ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : '';
        const key = p.geonames_id !== null && p.geonames_id !== undefined ? String(p.geonames_id) : str(p.name);
        return h('li', null,
          h('a', { href: route('search', null, { place: key }), title: 'Articles mentioning this place' }, str(p.name) || str(p.text)),
          str(p.text) !== str(p.name) ? h('span', { class: 'muted' }, ' (“' + str(p.text) + '”)') : null,
          h('div', { class: 'muted small' }, where, coords),
          jumpButton('place-' + i, str(p.text)),
        );
      }),
    ),
  );
}

const KINDS = [
  ['ent', 'Entities'],
  ['quote', 'Quotes'],
  ['speaker', 'Speakers'],
  ['timex', 'Dates'],
  ['place', 'Places'],
];

function legend(body) {
  return h(
    'fieldset',
    { class: 'legend' },
    h('legend', { class: 'sr' }, 'Show in the text'),
    KINDS.map(([k, label]) => {
      const box = h('input', { type: 'checkbox', id: 'show-' + k, checked: true });
      box.addEventListener('change', () => body.classList.toggle('hide-' + k, !box.checked));
      return h('label', { for: 'show-' + k, class: 'key key-' + k }, box, ' ', h('span', { class: 'swatch sw-' + k }, label));
    }),
  );
}

export async function articleView(id) {
  const r = await api('documents/' + encodeURIComponent(id));
  const doc = r.document && typeof r.document === 'object' ? r.document : {};
  const ids = r.entity_ids && typeof r.entity_ids === 'object' ? r.entity_ids : {};
  const src = doc.source || {};
  document.title = (str(doc.title) || 'Untitled article') + ' — Dossier';

  const body = h('div', { id: 'doc-body', class: 'doc-body', lang: str(doc.language) || null });
  body.appendChild(markedText(doc.text, annotations(doc, ids)));
  body.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target.closest('[data-entity]') : null;
    if (t && !window.getSelection().toString()) location.hash = route('entity', t.getAttribute('data-entity'));
  });

  const meta = h('p', { class: 'meta' },
    doc.byline ? h('span', { class: 'byline' }, str(doc.byline)) : null,
    doc.byline ? ' · ' : null,
    dateEl(doc.published),
    doc.published_source && doc.published_source !== 'none' ? h('span', { class: 'muted' }, ' (from ' + doc.published_source + ')') : null,
  );
  const facts = h('dl', { class: 'facts doc-facts' },
    h('dt', null, 'Source'),
    h('dd', { id: 'doc-source' }, src.url ? externalLink(src.url, str(src.url)) : h('span', { class: 'muted' }, src.path ? str(src.path) : 'unknown')),
    h('dt', null, 'Format'), h('dd', null, str(src.format) || '—', doc.language ? ' · ' + doc.language : ''),
    h('dt', null, 'Version'), h('dd', null,
      String(r.version ?? 1),
      Array.isArray(r.versions) && r.versions.length > 1
        ? [' of ', String(r.versions.length), ': ', r.versions.map((v, i) => [i ? ', ' : '', v.id === doc.id ? h('strong', null, 'v' + v.version) : h('a', { href: route('doc', v.id) }, 'v' + v.version)])]
        : null),
    h('dt', null, 'Id'), h('dd', null, h('code', null, str(doc.id))),
  );
  const diags = Array.isArray(doc.diagnostics) && doc.diagnostics.length
    ? h('details', { class: 'diagnostics' }, h('summary', null, plural(doc.diagnostics.length, 'diagnostic')),
      h('ul', null, doc.diagnostics.map((d) => h('li', null, h('code', null, str(d.code)), ' ', str(d.message)))))
    : null;

  return h('div', { class: 'article-layout' },
    h('article', { class: 'doc', 'aria-labelledby': 'doc-title' },
      h('h1', { id: 'doc-title', class: 'u' }, str(doc.title) || 'Untitled article'),
      meta, facts, legend(body), body, diags),
    h('aside', { class: 'side', 'aria-label': 'What the article contains' },
      entitiesPanel(doc, ids), quotesPanel(doc, ids), datesPanel(doc), placesPanel(doc)),
  );
}
