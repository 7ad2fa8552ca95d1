/**
 * The models view: the bundles under MULTIRANK_MODELS_DIR (GET /v1/models), the served one marked,
 * each linking to its card; activating another takes the admin key
 * (POST /v1/models/:version/activate: loaded, checked and warmed before the swap).
 */
import type { operations } from '../../client/schema.js';
import { admin, getJson, path } from './api.js';
import { type DomElement, h, table } from './dom.js';
import type { View } from './view.js';

/** GET /v1/models, as the client types generated from openapi.yaml have it. */
export type ModelList = operations['listModels']['responses'][200]['content']['application/json'];

/** A button that activates `version`, reporting in the span beside it; `onDone` after a swap. */
export function activateButton(version: string, onDone: () => void): DomElement {
  const note = h('span', { role: 'status', class: 'small' });
  const button = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        note.textContent = ' loading and warming up…';
        admin<{ loadMs: number }>('POST', path('/v1/models/:id/activate', version))
          .then((done) => {
            note.textContent = ` served (loaded in ${done?.loadMs ?? '?'} ms)`;
            onDone();
          })
          .catch((error: Error) => {
            note.textContent = ` ${error.message}`;
          });
      },
    },
    `Activate ${version}`,
  );
  return h('span', {}, button, note);
}

/** #/models */
export const modelsView: View = async (_params, context) => {
  const list = await getJson<ModelList>('/v1/models');
  const rows = list.models.map((m) => [
    h('a', { href: `#/models/${encodeURIComponent(m.version)}` }, m.version),
    m.active ? h('span', { class: 'status status-ok' }, 'served') : '',
    m.error ? h('span', { class: 'bad' }, m.error) : (m.createdAt ?? ''),
    (m.heads ?? []).join(', '),
    h('code', { title: m.contentHash ?? '' }, (m.contentHash ?? '').slice(0, 19)),
    m.active || m.error ? '' : activateButton(m.version, () => context.rerender()),
  ]);
  return h(
    'div',
    {},
    h('h2', {}, 'Models'),
    h('p', { class: 'muted small' }, `Serving ${list.active}. Bundles under the models directory:`),
    h(
      'section',
      { class: 'card' },
      table(null, ['Version', '', 'Created', 'Heads', 'Content hash', 'Admin'], rows, { class: 'models' }),
    ),
  );
};
