// Safe DOM building. Everything that comes from the API is untrusted: it only ever reaches the
// page through textContent, createTextNode or setAttribute on attributes that cannot run code.
// No innerHTML, no eval, no data in event-handler or style attributes.

const SVG_NS = 'http://www.w3.org/2000/svg';

// Attributes that may carry data. Anything else (on*, style, src, srcdoc, formaction, ...) is
// refused, and href is checked separately.
const SAFE_ATTRS = new Set([
  'id', 'class', 'title', 'lang', 'dir', 'role', 'tabindex', 'datetime', 'for', 'name', 'type',
  'value', 'placeholder', 'autocomplete', 'min', 'max', 'step', 'list', 'hidden', 'checked',
  'disabled', 'colspan', 'rowspan', 'scope', 'rel', 'target', 'viewBox', 'preserveAspectRatio',
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'd', 'rx', 'ry',
  'fill', 'stroke', 'stroke-width', 'opacity', 'text-anchor', 'dominant-baseline', 'transform',
  'focusable', 'inputmode', 'maxlength', 'size', 'xmlns', 'open',
]);

function safeAttrName(name) {
  if (name.startsWith('aria-') || name.startsWith('data-')) return /^[a-z][a-z0-9-]*$/.test(name);
  return SAFE_ATTRS.has(name);
}

/** The URL if it is an absolute http: or https: URL, else null (javascript:, data:, relative...). */
export function safeHttpUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  let u;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

function checkHref(v) {
  // Internal routes are built by this code from encoded parts; external ones must be http(s).
  if (typeof v === 'string' && v.startsWith('#/')) return v;
  const ok = safeHttpUrl(v);
  if (ok === null) throw new Error('refused href');
  return ok;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'href') {
      el.setAttribute('href', checkHref(String(v)));
    } else if (k === 'text') {
      el.textContent = String(v);
    } else if (safeAttrName(k)) {
      el.setAttribute(k, v === true ? '' : String(v));
    } else {
      throw new Error('refused attribute ' + k);
    }
  }
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** h('p', {class: 'x'}, 'text', child, [more]) — strings become text nodes, never markup. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A link to an external page when the URL is http(s); otherwise the URL as plain text. */
export function externalLink(url, label) {
  const ok = safeHttpUrl(url);
  if (ok === null) return h('span', { class: 'unsafe-url', title: 'not an http(s) link' }, label ?? url ?? '');
  return h('a', { href: ok, rel: 'noopener noreferrer nofollow', target: '_blank' }, label ?? ok);
}

/** Build an internal route: route('doc', id) -> '#/doc/<id>', with a query from an object. */
export function route(name, id, query) {
  let r = '#/' + encodeURIComponent(name);
  if (id !== undefined && id !== null) r += '/' + encodeURIComponent(id);
  if (query) {
    const p = query instanceof URLSearchParams ? query : toParams(query);
    const qs = p.toString();
    if (qs) r += '?' + qs;
  }
  return r;
}

export function toParams(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x));
    else p.append(k, String(v));
  }
  return p;
}

export function link(href, ...children) {
  return h('a', { href }, ...children);
}

/** Empty an element. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A <time> element for an ISO date or date-time string (shown as written, date first). */
export function dateEl(iso) {
  if (!iso) return h('span', { class: 'muted' }, 'undated');
  const text = String(iso);
  const shown = text.length > 10 && text[10] === 'T' ? text.slice(0, 10) + ' ' + text.slice(11, 16) : text;
  return h('time', { datetime: text }, shown);
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many ?? one + 's'}`;
}

/** `value` if it is one of `allowed`, else `fallback` (for class names built from data). */
export function oneOf(value, allowed, fallback) {
  return allowed.includes(value) ? value : fallback;
}

let regionNames = null;
/** "NO" -> "Norway (NO)" where the browser knows the name (offline, from Intl), else the code. */
export function countryName(code) {
  const c = typeof code === 'string' ? code : '';
  if (!/^[A-Za-z]{2}$/.test(c)) return c;
  try {
    regionNames = regionNames || new Intl.DisplayNames(['en'], { type: 'region' });
    const n = regionNames.of(c.toUpperCase());
    return n && n !== c.toUpperCase() ? `${n} (${c.toUpperCase()})` : c;
  } catch {
    return c;
  }
}
