/**
 * The live view: per route requests per second, p50/p99 latency, errors and shed requests, from
 * two consecutive scrapes of the service's own /metrics (parsed in the page), and the state of
 * Redis, the engine and the other parts from /readyz; refreshed every few seconds while shown.
 * These figures are this replica's: behind a load balancer each replica answers for itself.
 */
import { getText } from './api.js';
import { figure, lineChart } from './charts.js';
import { browser, type DomElement, h, table } from './dom.js';
import { count, ms, num } from './format.js';
import { find, parsePrometheus, routeFigures, type Sample } from './prometheus.js';
import type { View } from './view.js';

/** Seconds between refreshes. */
export const REFRESH_SECONDS = 5;
const HISTORY = 60;

interface Readiness {
  status: string;
  backend: string;
  engine?: string;
  components: { name: string; status: string; detail?: string }[];
}

const badge = (status: string) => h('span', { class: `status status-${status}` }, status);

async function readiness(): Promise<Readiness> {
  // 503 (unavailable) still carries the probe's body: show it rather than fail.
  const response = await fetch('/readyz', { headers: { accept: 'application/json' } });
  return (await response.json()) as Readiness;
}

function stateSection(ready: Readiness, samples: Sample[]): DomElement {
  const model = find(samples, 'multirank_model_info');
  const breaker = samples.find((x) => x.name === 'multirank_redis_circuit_state' && x.value === 1);
  const lag = find(samples, 'multirank_nodejs_eventloop_lag_p99_seconds');
  const rss = find(samples, 'multirank_process_resident_memory_bytes');
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, 'Service ', badge(ready.status)),
    table(
      null,
      ['Part', 'State', 'Detail'],
      ready.components.map((c) => [c.name, badge(c.status), h('span', { class: 'text' }, c.detail ?? '')]),
      { class: 'components' },
    ),
    h(
      'p',
      { class: 'small' },
      `Engine ${ready.engine ?? model?.labels.engine ?? '?'} (TF.js backend ${ready.backend}); model ${model?.labels.version ?? '?'}; `,
      `Redis circuit ${breaker?.labels.state ?? 'n/a'}; event loop lag p99 ${ms(lag?.value)}; memory ${num((rss?.value ?? 0) / 2 ** 20, 3)} MiB.`,
    ),
  );
}

function routesTable(
  samples: Sample[],
  previous: { samples: Sample[]; at: number } | null,
  at: number,
): DomElement {
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  const window = new Map(
    routeFigures(previous?.samples ?? null, samples, seconds).map((r) => [`${r.method} ${r.route}`, r]),
  );
  // Busiest since start first; latency over the window, or since start (muted) when the window had none.
  const rows = routeFigures(null, samples, 0).map((total) => {
    const recent = window.get(`${total.method} ${total.route}`) ?? total;
    const latest = previous && recent.requests > 0;
    const latency = (v: number | null, all: number | null) =>
      latest ? ms(v) : h('span', { class: 'muted', title: 'since start' }, ms(all));
    return [
      total.method,
      h('code', {}, total.route),
      previous ? num(recent.perSecond, 3) : '–',
      latency(recent.p50, total.p50),
      latency(recent.p99, total.p99),
      h('span', { class: recent.errors > 0 ? 'bad' : '' }, count(previous ? recent.errors : 0)),
      h('span', { class: recent.shed > 0 ? 'bad' : '' }, count(previous ? recent.shed : 0)),
      count(total.requests),
      count(total.errors),
      count(total.shed),
    ];
  });
  const span = previous ? `the last ${num(seconds, 2)} s` : 'the next refresh';
  return table(
    `Per route: rates over ${span} (latency in grey: since start); shed: 503 and 429 answers, errors: other 5xx`,
    [
      'Method',
      'Route',
      'Per second',
      'p50',
      'p99',
      'Errors',
      'Shed',
      'Requests since start',
      'Errors since start',
      'Shed since start',
    ],
    rows,
    { class: 'routes' },
  );
}

/** #/live */
export const liveView: View = async (_params, context) => {
  const holder = h('div');
  const stamp = h('p', { class: 'muted small', 'aria-live': 'off' });
  const rates: [number, number | null][] = [];
  let previous: { samples: Sample[]; at: number } | null = null;
  let timer = 0;
  let tick = 0;
  const refresh = async () => {
    const [text, ready] = await Promise.all([getText('/metrics'), readiness()]);
    if (!context.current()) return;
    const at = Date.now();
    const samples = parsePrometheus(text);
    const total = previous
      ? routeFigures(previous.samples, samples, (at - previous.at) / 1000).reduce(
          (sum, r) => sum + r.perSecond,
          0,
        )
      : null;
    rates.push([tick++, total]);
    if (rates.length > HISTORY) rates.shift();
    const label = 'Requests per second, all routes, per refresh';
    const chart = lineChart(label, {
      series: [{ name: 'requests/s', points: rates }],
      xLabel: () => '',
      yFromZero: true,
      height: 160,
    });
    const rows = rates.map(([k, v]) => [String(k), num(v, 3)]);
    holder.replaceChildren(
      stateSection(ready, samples),
      h(
        'section',
        { class: 'card' },
        routesTable(samples, previous, at),
        figure(label, chart, ['Refresh', 'Requests/s'], rows),
      ),
    );
    stamp.textContent = `Updated ${new Date(at).toLocaleTimeString('en-GB')}; refreshed every ${REFRESH_SECONDS} s while this view is open.`;
    previous = { samples, at };
  };
  const loop = () => {
    if (!context.current()) return;
    timer = browser.setTimeout(() => {
      refresh().then(loop, (error: Error) => {
        stamp.textContent = `Refresh failed (${error.message}); retrying.`;
        loop();
      });
    }, REFRESH_SECONDS * 1000);
  };
  await refresh();
  loop();
  context.onLeave(() => browser.clearTimeout(timer));
  return h('div', {}, h('h2', {}, 'Live'), stamp, holder);
};
