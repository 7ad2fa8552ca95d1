/**
 * The experiments views. The list: every experiment with its status, traffic and variants, each
 * with its report's per-variant figures, and the form to create one. One experiment: its report,
 * the daily chart, links to the JSON, and the admin actions (stop or start, change).
 */
import type { ExperimentReport } from '../../experiments/report.js';
import type { Experiment } from '../../experiments/types.js';
import { getJson, path } from './api.js';
import { browser, type DomElement, h, table } from './dom.js';
import { experimentForm, statusButton } from './experiment-form.js';
import { dailyChart, reportPath, reportTables } from './experiment-report.js';
import { pct, weights } from './format.js';
import type { View } from './view.js';

interface ExperimentList {
  experiments: Experiment[];
  store: { status: string; source: string };
}

const DAILY_DAYS = 14;

const badge = (status: string) => h('span', { class: `status status-${status}` }, status);

function definitionTable(experiment: Experiment): DomElement {
  const total = experiment.variants.reduce((sum, v) => sum + v.allocation, 0) || 1;
  return table(
    null,
    ['Variant', 'Allocation', 'Profile'],
    experiment.variants.map((v) => [
      v.name,
      pct(v.allocation / total, 0),
      h('span', { class: 'text' }, `${v.profile.form}: ${weights(v.profile)}`),
    ]),
  );
}

/** An experiment's heading line: link, status, traffic, JSON links. */
function heading(experiment: Experiment, linked: boolean): DomElement {
  const id = experiment.id;
  return h(
    linked ? 'h3' : 'h2',
    {},
    linked ? h('a', { href: `#/experiments/${encodeURIComponent(id)}` }, id) : id,
    ' ',
    badge(experiment.status),
    h('span', { class: 'muted small' }, ` traffic ${pct(experiment.traffic, 0)} · `),
    h('a', { class: 'small', href: path('/v1/experiments/:id', id) }, 'definition JSON'),
    h('span', { class: 'small' }, ' · '),
    h('a', { class: 'small', href: reportPath(id) }, 'report JSON'),
  );
}

async function reportOrError(id: string): Promise<DomElement> {
  try {
    return reportTables(await getJson<ExperimentReport>(reportPath(id)));
  } catch (error) {
    return h('p', { class: 'error' }, `Report unavailable: ${(error as Error).message}`);
  }
}

/** #/experiments */
export const experimentsView: View = async (_params, context) => {
  const list = await getJson<ExperimentList>('/v1/experiments');
  const sorted = [...list.experiments].sort((a, b) => a.id.localeCompare(b.id));
  const reports = await Promise.all(sorted.map((e) => reportOrError(e.id)));
  const sections = sorted.map((experiment, k) =>
    h(
      'section',
      { class: 'card', 'data-experiment': experiment.id },
      heading(experiment, true),
      definitionTable(experiment),
      reports[k] ?? null,
    ),
  );
  const create = h(
    'section',
    { class: 'card' },
    h('h3', {}, 'New experiment'),
    h(
      'p',
      { class: 'muted small' },
      'Needs the admin key. Profiles copied from the trade-off chart are added as variants.',
    ),
    experimentForm(null, (id) => {
      if (context.current()) browser.location.hash = `#/experiments/${encodeURIComponent(id)}`;
    }),
  );
  const store = `Definitions from ${list.store.source} (${list.store.status}).`;
  return h(
    'div',
    {},
    h('h2', {}, 'Experiments'),
    h('p', { class: 'muted small' }, store),
    sections.length ? sections : h('p', {}, 'No experiments yet.'),
    create,
  );
};

/** #/experiments/:id */
export const experimentView: View = async ([id = ''], context) => {
  const experiment = await getJson<Experiment>(path('/v1/experiments/:id', id));
  const [report, daily] = await Promise.all([
    reportOrError(id),
    dailyChart(id, DAILY_DAYS).catch((error: Error) =>
      h('p', { class: 'error' }, `Daily chart unavailable: ${error.message}`),
    ),
  ]);
  return h(
    'div',
    { 'data-experiment': id },
    h('p', {}, h('a', { href: '#/experiments' }, '← All experiments')),
    heading(experiment, false),
    h('button', { type: 'button', id: 'refresh', onclick: () => context.rerender() }, 'Refresh figures'),
    h('section', { class: 'card' }, h('h3', {}, 'Variants'), definitionTable(experiment), report),
    h('section', { class: 'card' }, h('h3', {}, 'Daily metrics'), daily),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Admin'),
      h(
        'p',
        {},
        statusButton(experiment, () => context.rerender()),
      ),
      h('h4', {}, 'Change allocation, traffic or weights'),
      experimentForm(experiment, () => context.rerender()),
    ),
  );
};
