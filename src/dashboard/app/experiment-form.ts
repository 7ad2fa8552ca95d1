/**
 * The admin form of an experiment: create one, or change its status, traffic and variants
 * (allocation and weights), sent as PUT /v1/experiments/:id with the page's admin key; the
 * service validates in full and its message (naming the field) is shown as it comes. Profiles
 * copied from the trade-off chart wait in this tab (takeDrafts) and fill a new experiment's
 * variants.
 */
import type { CombinationProfile } from '../../combination/schema.js';
import type { Experiment } from '../../experiments/types.js';
import { admin, path } from './api.js';
import { browser, type DomElement, type FieldElement, type FormElement, field, h } from './dom.js';
import { weights } from './format.js';

const DRAFTS = 'multirank.draftVariants';

/** A variant copied from the trade-off chart, waiting for the next new experiment. */
export interface DraftVariant {
  name: string;
  profile: CombinationProfile;
}

/** Adds a copied profile to this tab's drafts. */
export function addDraft(draft: DraftVariant): void {
  browser.sessionStorage.setItem(DRAFTS, JSON.stringify([...drafts(), draft]));
}

/** This tab's drafts. */
export function drafts(): DraftVariant[] {
  try {
    const kept = JSON.parse(browser.sessionStorage.getItem(DRAFTS) ?? '[]') as unknown;
    return Array.isArray(kept) ? (kept as DraftVariant[]) : [];
  } catch {
    return []; // not ours to keep: a fresh list
  }
}

/** `click=1, like=0.5` → weights; a malformed entry names itself. */
export function parseWeights(text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const [head, value] = part.split('=');
    const weight = Number(value);
    if (!head || value === undefined || value.trim() === '' || !Number.isFinite(weight))
      throw new Error(`weights: "${part}" is not head=number`);
    result[head] = weight;
  }
  return result;
}

let rowIds = 0;

function variantRow(name: string, allocation: number, profile: CombinationProfile | null): DomElement {
  const n = ++rowIds;
  const row = h(
    'div',
    { class: 'variant', 'data-variant': '' },
    h('label', { for: `vn${n}` }, 'Variant'),
    h('input', { id: `vn${n}`, name: 'name', value: name, required: true, size: 14 }),
    h('label', { for: `va${n}` }, 'Allocation'),
    h('input', {
      id: `va${n}`,
      name: 'allocation',
      type: 'number',
      min: 0,
      step: 'any',
      value: allocation,
      size: 5,
    }),
    h('label', { for: `vf${n}` }, 'Form'),
    h(
      'select',
      { id: `vf${n}`, name: 'form' },
      ...['sum', 'product'].map((f) =>
        h('option', { value: f, selected: (profile?.form ?? 'sum') === f }, f),
      ),
    ),
    h('label', { for: `vw${n}` }, 'Weights'),
    h('input', {
      id: `vw${n}`,
      name: 'weights',
      value: profile ? weights(profile) : 'click=1',
      required: true,
    }),
  );
  row.append(h('button', { type: 'button', onclick: () => row.remove() }, `Remove ${name || 'variant'}`));
  return row;
}

function readVariants(form: FormElement) {
  return Array.from(form.querySelectorAll('[data-variant]')).map((row) => {
    const value = (name: string) => (row.querySelector(`[name="${name}"]`) as FieldElement).value.trim();
    return {
      name: value('name'),
      allocation: Number(value('allocation')),
      profile: { form: value('form') as CombinationProfile['form'], weights: parseWeights(value('weights')) },
    };
  });
}

/** The form; `existing` fills it for a change (the id fixed), otherwise it creates. */
export function experimentForm(existing: Experiment | null, onSaved: (id: string) => void): DomElement {
  const start = existing?.variants ?? [
    { name: 'control', allocation: 1, profile: { form: 'sum', weights: { click: 1 } } as CombinationProfile },
    ...drafts().map((d) => ({ name: d.name, allocation: 1, profile: d.profile })),
  ];
  const status = h('p', { role: 'status', class: 'small' });
  const variants = h(
    'fieldset',
    {},
    h('legend', {}, 'Variants (the first is control)'),
    ...start.map((v) => variantRow(v.name, v.allocation, v.profile)),
  );
  const form = h(
    'form',
    { class: 'admin', id: existing ? 'edit-experiment' : 'new-experiment' },
    h(
      'label',
      {},
      'Id ',
      h('input', {
        name: 'id',
        required: true,
        value: existing?.id ?? '',
        readonly: existing !== null,
        pattern: '[A-Za-z0-9_.\\-]+',
      }),
    ),
    h(
      'label',
      {},
      'Status ',
      h(
        'select',
        { name: 'status' },
        ...['draft', 'running', 'stopped'].map((s) =>
          h('option', { value: s, selected: (existing?.status ?? 'running') === s }, s),
        ),
      ),
    ),
    h(
      'label',
      {},
      'Traffic % ',
      h('input', {
        name: 'traffic',
        type: 'number',
        min: 0,
        max: 100,
        step: 'any',
        value: existing ? existing.traffic * 100 : 100,
      }),
    ),
    variants,
    h('button', { type: 'button', onclick: () => variants.append(variantRow('', 1, null)) }, 'Add variant'),
    ' ',
    h('button', { type: 'submit', class: 'primary' }, existing ? 'Save changes' : 'Create experiment'),
    status,
  ) as FormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      try {
        const id = field(form, 'id').value.trim();
        const list = readVariants(form);
        const body = {
          status: field(form, 'status').value,
          traffic: Number(field(form, 'traffic').value) / 100,
          ...(existing?.salt && existing.salt !== existing.id ? { salt: existing.salt } : {}),
          control: list[0]?.name,
          variants: list,
        };
        status.textContent = 'Saving…';
        await admin('PUT', path('/v1/experiments/:id', id), body);
        if (!existing) browser.sessionStorage.removeItem(DRAFTS);
        status.textContent = `Saved ${id}.`;
        onSaved(id);
      } catch (error) {
        status.textContent = `Not saved: ${(error as Error).message}`;
      }
    })();
  });
  return form;
}

/** Stop (or start) an experiment in one click: its definition with another status. */
export function statusButton(experiment: Experiment, onSaved: () => void): DomElement {
  const next = experiment.status === 'running' ? 'stopped' : 'running';
  const note = h('span', { role: 'status', class: 'small' });
  const { buckets: _buckets, updatedAt: _updatedAt, id, ...definition } = experiment;
  const button = h(
    'button',
    { type: 'button', onclick: () => void send() },
    next === 'stopped' ? 'Stop experiment' : 'Start experiment',
  );
  async function send() {
    try {
      await admin('PUT', path('/v1/experiments/:id', id), { ...definition, status: next });
      onSaved();
    } catch (error) {
      note.textContent = ` ${(error as Error).message}`;
    }
  }
  return h('span', {}, button, note);
}
