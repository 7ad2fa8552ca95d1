/**
 * The dashboard's entry: a hash router over four views (experiments, models, trade-off, live),
 * the admin key field, and the navigation state. Each view builds its content from the JSON routes
 * and hands it back; a view the user has already left is dropped, never shown.
 */
import { adminKey, setAdminKey } from './api.js';
import { browser, type DomElement, type FieldElement, h } from './dom.js';
import { experimentsView, experimentView } from './experiments.js';
import { liveView } from './live.js';
import { modelCardView } from './model-card.js';
import { modelsView } from './models.js';
import { tradeoffView } from './tradeoff.js';
import type { View, ViewContext } from './view.js';

const ROUTES: { pattern: RegExp; nav: string; title: string; view: View }[] = [
  { pattern: /^#\/experiments\/(.+)$/, nav: '#/experiments', title: 'Experiment', view: experimentView },
  { pattern: /^#\/experiments$/, nav: '#/experiments', title: 'Experiments', view: experimentsView },
  { pattern: /^#\/models\/(.+)$/, nav: '#/models', title: 'Model card', view: modelCardView },
  { pattern: /^#\/models$/, nav: '#/models', title: 'Models', view: modelsView },
  { pattern: /^#\/tradeoff$/, nav: '#/tradeoff', title: 'Trade-off', view: tradeoffView },
  { pattern: /^#\/live$/, nav: '#/live', title: 'Live', view: liveView },
];

const main = browser.document.getElementById('main') as DomElement;
let generation = 0;
const leaving: (() => void)[] = [];
let firstRender = true;

async function render(): Promise<void> {
  const hash = browser.location.hash || '#/experiments';
  const route = ROUTES.find((r) => r.pattern.test(hash));
  if (!route) {
    browser.location.hash = '#/experiments';
    return;
  }
  for (const leave of leaving.splice(0)) leave();
  const mine = ++generation;
  const params = (route.pattern.exec(hash) ?? []).slice(1).map(decodeURIComponent);
  for (const link of Array.from(browser.document.getElementById('nav')?.querySelectorAll('a') ?? [])) {
    if (link.getAttribute('href') === route.nav) link.setAttribute('aria-current', 'page');
    else link.setAttribute('aria-current', 'false');
  }
  browser.document.title = `${route.title} · multirank`;
  const context: ViewContext = {
    current: () => mine === generation,
    onLeave: (leave) => leaving.push(leave),
    rerender: () => void render(),
  };
  let content: DomElement;
  try {
    content = await route.view(params, context);
  } catch (error) {
    content = h('div', { class: 'error', role: 'alert' }, `Could not load: ${(error as Error).message}`);
  }
  if (!context.current()) return;
  main.replaceChildren(content);
  if (firstRender) {
    firstRender = false;
    browser.performance.mark('dashboard:first-view');
  } else {
    // A new view starts at its top, and keyboard users continue from its start.
    browser.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
}

function adminKeyField(): void {
  const form = browser.document.getElementById('admin-key-form') as DomElement;
  const input = browser.document.getElementById('admin-key') as FieldElement;
  const state = browser.document.getElementById('admin-key-state') as DomElement;
  const show = () => {
    state.textContent = adminKey() ? 'set for this tab' : 'not set';
  };
  input.value = adminKey();
  show();
  input.addEventListener('change', () => {
    setAdminKey(input.value.trim());
    show();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setAdminKey(input.value.trim());
    show();
  });
}

adminKeyField();
browser.addEventListener('hashchange', () => void render());
void render();
