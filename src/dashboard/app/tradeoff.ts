/**
 * The trade-off view: the served model's engagement–satisfaction sweep as a scatter of profiles.
 * Hover or focus shows a profile's weights and figures; a click (or Enter) copies it as an
 * experiment variant: kept for the New experiment form and put on the clipboard as JSON.
 *
 * The sweep is not computed by the service (it scores the whole validation sample under every
 * profile: minutes of CPU, no work for a serving replica): the page shows the bundle's sweep.json,
 * written by `multirank evaluate --sweep … --out models/NAME/sweep.json`, when it has one.
 */
import type { SweepPoint, SweepReport } from '../../evaluation/sweep-report.js';
import { getJson } from './api.js';
import { browser, h, table } from './dom.js';
import { addDraft } from './experiment-form.js';
import { num, weights } from './format.js';
import { cardPath, type ModelCard } from './model-card.js';
import type { ModelList } from './models.js';
import { scatter } from './scatter.js';
import type { View } from './view.js';

const variantName = (point: SweepPoint) =>
  point.name
    .replace(/=/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .slice(0, 64);

function describe(sweep: SweepReport, point: SweepPoint): string {
  const figures = sweep.metrics.map((m) => `${m.head} ${num(point.values[m.head] ?? null)}`).join(', ');
  return `${point.name}${point.pareto ? ' (Pareto front)' : ''}: weights ${weights(point.profile)}; top-${sweep.k} means ${figures}`;
}

/** #/tradeoff */
export const tradeoffView: View = async () => {
  const { active } = await getJson<ModelList>('/v1/models');
  const card = await getJson<ModelCard>(cardPath(active));
  const sweep = card.sweep;
  const title = h('h2', {}, `Trade-off: ${active}`);
  if (!sweep) {
    return h(
      'div',
      {},
      title,
      h(
        'p',
        {},
        `The served bundle has no sweep.json. The sweep scores the validation sample under every profile, too heavy for a serving replica, so it is computed offline:`,
      ),
      h(
        'pre',
        {},
        `npx multirank evaluate --model models/${active} --data HELD-OUT-LOG \\\n  --sweep "like=0,1,2,4;dismiss=0,-2,-5" --sweep-axes click,-dismiss --out models/${active}/sweep.json`,
      ),
    );
  }
  const { engagement, satisfaction } = sweep.axes;
  const points = [...sweep.profiles, ...sweep.references];
  const tip = h(
    'p',
    { class: 'tooltip', 'aria-live': 'polite' },
    'Hover or focus a point to see its weights; click it or press Enter to copy it as a variant.',
  );
  const copied = h('p', { role: 'status', class: 'small' });
  const pick = (k: number) => {
    const point = points[k];
    if (!point?.profile) {
      copied.textContent = `${point?.name ?? 'This point'} is a reference order, not a profile: nothing to copy.`;
      return;
    }
    const variant = { name: variantName(point), allocation: 1, profile: point.profile };
    addDraft({ name: variant.name, profile: variant.profile });
    copied.textContent = `Copied ${point.name} as variant "${variant.name}": it waits in the New experiment form (Experiments).`;
    browser.navigator.clipboard?.writeText(JSON.stringify(variant)).then(
      () => copied.append(' Also on the clipboard as JSON.'),
      () => undefined, // no clipboard permission (an http origin, a headless browser): the form has it
    );
  };
  const better = (axis: typeof engagement) => `${axis.head} (${axis.better} is better)`;
  const chart = scatter(
    `Profiles: ${better(engagement)} against ${better(satisfaction)}`,
    points.map((p) => ({
      x: p.values[engagement.head] ?? 0,
      y: p.values[satisfaction.head] ?? 0,
      label: describe(sweep, p),
      className: p.profile === null ? 's2' : p.pareto ? 's1' : 's0',
      radius: p.pareto ? 7 : 5,
    })),
    {
      xTitle: better(engagement),
      yTitle: better(satisfaction),
      format: (v) => num(v, 3),
      onFocus: (k) => {
        const point = points[k];
        if (point) tip.textContent = describe(sweep, point);
      },
      onPick: pick,
    },
  );
  const heads = sweep.metrics.map((m) => m.head);
  const rows = points.map((p, k) => [
    p.name,
    weights(p.profile),
    ...heads.map((head) => num(p.values[head] ?? null)),
    p.pareto ? 'yes' : '',
    p.profile ? h('button', { type: 'button', onclick: () => pick(k) }, 'Copy as variant') : '',
  ]);
  const source = `${sweep.form} profiles over ${weights(sweep.base)}; mean of each request's top ${sweep.k} over ${sweep.requests.toLocaleString('en-US')} requests of ${sweep.data.file} (${sweep.data.groundTruth ? 'simulator ground truth' : 'observed labels'}). Precomputed: the bundle's sweep.json.`;
  return h(
    'div',
    {},
    title,
    h('p', { class: 'muted small' }, source),
    h(
      'div',
      { class: 'legend' },
      h('span', {}, h('span', { class: 'swatch s0' }), 'profile'),
      h('span', {}, h('span', { class: 'swatch s1' }), 'Pareto front'),
      h('span', {}, h('span', { class: 'swatch s2' }), 'reference order'),
    ),
    chart,
    tip,
    copied,
    h(
      'details',
      {},
      h('summary', {}, 'The sweep as a table'),
      table(null, ['Profile', 'Weights', ...heads, 'Pareto', ''], rows),
    ),
  );
};
