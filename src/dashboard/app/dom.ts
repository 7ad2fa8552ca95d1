/**
 * The slice of the browser the dashboard touches, typed here, and `h`/`s` to build HTML and SVG.
 *
 * The project compiles for Node without the DOM library (adding it program-wide would retype
 * Node code's fetch bodies and timers), so these modules declare what they use. Text always goes
 * in as text nodes, never as markup: nothing a route returns is parsed as HTML.
 */

/** An event as the handlers here read it. */
export interface DomEvent {
  readonly type: string;
  readonly key?: string;
  readonly target: unknown;
  preventDefault(): void;
}

/** An element (HTML or SVG). */
export interface DomElement {
  textContent: string | null;
  id: string;
  hidden: boolean;
  readonly tagName: string;
  append(...children: (DomElement | string)[]): void;
  replaceChildren(...children: (DomElement | string)[]): void;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  focus(options?: { preventScroll?: boolean }): void;
  remove(): void;
}

/** An input, select or textarea. */
export interface FieldElement extends DomElement {
  value: string;
  checked: boolean;
  disabled: boolean;
}

/** A form. */
export interface FormElement extends DomElement {
  readonly elements: { namedItem(name: string): FieldElement | null };
  reset(): void;
}

interface Browser {
  document: {
    createElement(tag: string): DomElement;
    createElementNS(namespace: string, tag: string): DomElement;
    getElementById(id: string): DomElement | null;
    title: string;
  };
  location: { hash: string };
  sessionStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
  navigator: { clipboard?: { writeText(text: string): Promise<void> } };
  performance: { mark(name: string): void };
  addEventListener(type: string, listener: () => void): void;
  scrollTo(x: number, y: number): void;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** The browser's globals, as far as the dashboard uses them. */
export const browser = globalThis as unknown as Browser;

/** What `h` and `s` accept as children: nothing (null, false), text, numbers, elements, or lists of them. */
export type Child = DomElement | string | number | null | undefined | false | Child[];

/** Attributes; `on<event>` entries become listeners, `true` an empty attribute, null/false/undefined none. */
export type Attributes = Record<
  string,
  string | number | boolean | null | undefined | ((event: DomEvent) => void)
>;

function fill(element: DomElement, attributes: Attributes, children: Child[]): DomElement {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  const flat = (children as unknown[]).flat(Number.POSITIVE_INFINITY) as (DomElement | string | number)[];
  for (const child of flat) {
    if (child === null || child === undefined || (child as unknown) === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

/** An HTML element: `h('a', { href: '#/models' }, 'Models')`. */
export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): DomElement {
  return fill(browser.document.createElement(tag), attributes, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element: `s('circle', { cx: 3, cy: 4, r: 2 })`. */
export function s(tag: string, attributes: Attributes = {}, ...children: Child[]): DomElement {
  return fill(browser.document.createElementNS(SVG_NS, tag), attributes, children);
}

/** A table with a caption, one header row and the rows given (cells as `h` children). */
export function table(caption: string | null, head: string[], rows: Child[][], attributes: Attributes = {}) {
  return h(
    'table',
    attributes,
    caption === null ? null : h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

/** The named field of a form (a missing one is a bug in the form's own markup). */
export function field(form: FormElement, name: string): FieldElement {
  const found = form.elements.namedItem(name);
  if (!found) throw new Error(`form has no field "${name}"`);
  return found;
}
