// Safe DOM building for the dashboard: every piece of data becomes a text node, never markup.
// Links are only made for http(s) URLs. No module in web/ assigns data to innerHTML.

/**
 * Creates an element. `props`: class, text, attrs (object), on (event → handler), and any
 * plain DOM property (type, value, disabled, hidden, id, htmlFor …). Children are nodes or
 * strings (strings become text nodes); null/undefined/false children are skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'innerHTML' || key === 'outerHTML')
      throw new Error(`el(): "${key}" would parse markup; use text`);
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'attrs') {
      for (const [name, v] of Object.entries(value)) {
        if (v !== undefined && v !== null && v !== false) node.setAttribute(name, String(v));
      }
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else node[key] = value;
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of a node. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** The URL if it is an absolute http(s) URL, else null (javascript:, data: … are refused). */
export function safeHttpUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link opening in a new tab for an http(s) URL; plain text otherwise. */
export function externalLink(url, label) {
  const href = safeHttpUrl(url);
  if (!href) return el('span', { class: 'muted', text: label });
  return el('a', {
    href,
    text: label,
    attrs: { target: '_blank', rel: 'noopener noreferrer' },
  });
}

/** A small coloured label: `kind` picks the colour class (ok, warn, bad, info, muted). */
export function badge(text, kind = 'muted') {
  return el('span', { class: `badge badge-${kind}`, text });
}

/** The first value along the given dotted paths that is neither null nor undefined. */
export function pick(obj, ...paths) {
  for (const path of paths) {
    let cur = obj;
    for (const part of path.split('.')) {
      if (cur === null || cur === undefined) break;
      cur = cur[part];
    }
    if (cur !== null && cur !== undefined) return cur;
  }
  return undefined;
}

/** Pretty JSON for <pre> blocks (always set through textContent). */
export function prettyJson(value) {
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}

/** An empty-state paragraph. */
export function emptyNote(text) {
  return el('p', { class: 'empty', text });
}
