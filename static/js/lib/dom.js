// Build DOM from data without ever parsing it as HTML: strings become text nodes.

// h("li", {class: "item", data: {id: 3}, attrs: {"aria-current": "true"}}, "text", child)
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = value;
    else if (key === "data") Object.assign(element.dataset, value);
    else if (key === "attrs") {
      for (const [name, attr] of Object.entries(value)) {
        if (attr !== undefined && attr !== null && attr !== false) {
          element.setAttribute(name, attr === true ? "" : String(attr));
        }
      }
    } else if (key === "on") {
      for (const [type, handler] of Object.entries(value)) element.addEventListener(type, handler);
    } else element[key] = value;
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replace an element's content with `children` (text or nodes).
export function setChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

// Is the user typing in a text field, where single-key shortcuts must not fire?
export function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file"].includes(
      target.type,
    );
  }
  return false;
}

export function debounce(fn, wait) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

// Shorten long text in the middle, keeping its start and end readable.
export function ellipsize(text, limit) {
  if (text.length <= limit) return text;
  const chars = Array.from(text); // never cut an emoji in half
  if (chars.length <= limit) return text;
  const head = Math.ceil((limit - 1) * 0.6);
  const tail = limit - 1 - head;
  const start = chars.slice(0, head).join("").trimEnd();
  const end = chars.slice(chars.length - tail).join("").trimStart();
  return `${start} … ${end}`;
}

// Bring `item` into view inside the nearest ancestor that scrolls by itself; never
// scroll the page for it (on a phone the lists sit below the text, which stays in view).
export function revealWithin(item) {
  let box = item.parentElement;
  while (box && box !== document.body) {
    const { overflowY } = getComputedStyle(box);
    if ((overflowY === "auto" || overflowY === "scroll") && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (!box || box === document.body) return;
  const outer = box.getBoundingClientRect();
  const inner = item.getBoundingClientRect();
  // A sticky header inside the box covers its top.
  const header = box.querySelector(":scope > .panel-head");
  const top = outer.top + (header && getComputedStyle(header).position === "sticky" ? header.offsetHeight : 0);
  if (inner.top < top) box.scrollTop -= top - inner.top;
  else if (inner.bottom > outer.bottom) box.scrollTop += Math.min(inner.bottom - outer.bottom, inner.top - top);
}
