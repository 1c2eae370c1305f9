// The review queue: authorizations the engine could not complete. Pick one, correct the
// fields (PATCH /authorizations/{id} with a FieldsPatch), then approve (POST …/approve).
// Validation errors from the API are shown next to the form.
import { api } from './api.js';
import { el, emptyNote, pick, setChildren } from './dom.js';
import { listItems } from './format.js';
import { emailSummary, errorBox, fieldSources, summarize } from './render.js';

// [label, FieldsPatch path, input type]
const FIELDS = [
  ['Authorization id', 'authorizationId', 'text'],
  ['Client name', 'client.name', 'text'],
  ['Client email', 'client.email', 'email'],
  ['Person served', 'recipient.name', 'text'],
  ['Description', 'service.description', 'text', 'wide'],
  ['Date', 'service.date', 'date'],
  ['Start time', 'service.startTime', 'time'],
  ['End time', 'service.endTime', 'time'],
  ['Duration (hours)', 'service.durationHours', 'number'],
  ['Location', 'service.location', 'text', 'wide'],
  ['Mileage', 'mileage', 'number'],
];

const inputId = (path) => `review-${path.replace(/\./g, '-')}`;

/** The FieldsPatch for the inputs whose value differs from the record; null when none do. */
export function buildPatch(form, fields) {
  const patch = {};
  let changed = false;
  for (const [, path, type] of FIELDS) {
    const raw = form.elements.namedItem(path).value.trim();
    const value = raw === '' ? null : type === 'number' ? Number(raw) : raw;
    const before = pick(fields ?? {}, path) ?? null;
    if (value === before || (before !== null && String(before) === String(value))) continue;
    changed = true;
    const parts = path.split('.');
    if (parts.length === 1) patch[path] = value;
    else (patch[parts[0]] ??= {})[parts[1]] = value;
  }
  return changed ? patch : null;
}

export function createReviewView({ listRoot, editorRoot, toast, onChanged }) {
  let selectedId = null;

  async function refresh() {
    let items;
    try {
      items = listItems(await api.listAuthorizations({ status: 'needs_review', limit: 100 }));
    } catch (err) {
      if (err.status !== 401) setChildren(listRoot, el('li', {}, errorBox(err)));
      return;
    }
    if (items.length === 0) {
      setChildren(listRoot, el('li', {}, emptyNote('Nothing to review.')));
      setChildren(editorRoot);
      selectedId = null;
      return;
    }
    setChildren(
      listRoot,
      ...items.map((a) => {
        const s = summarize(a);
        const button = el(
          'button',
          {
            type: 'button',
            attrs: {
              'data-authorization-id': s.id,
              'aria-current': s.id === selectedId ? 'true' : null,
            },
          },
          el('strong', { text: s.number ?? `#${s.id}` }),
          el('span', {
            class: 'sub',
            text: [s.client, s.person, s.date].filter(Boolean).join(' · ') || 'fields missing',
          }),
          s.subject ? el('span', { class: 'sub', text: s.subject }) : null,
        );
        button.addEventListener('click', () => void open(s.id));
        return el('li', {}, button);
      }),
    );
    const stillThere = items.some((a) => pick(a, 'id') === selectedId);
    if (!stillThere) {
      selectedId = null;
      setChildren(editorRoot, emptyNote('Pick an item on the left to review it.'));
    }
  }

  async function open(id) {
    selectedId = id;
    for (const b of listRoot.querySelectorAll('button')) {
      b.setAttribute('aria-current', String(b.dataset.authorizationId === String(id)));
    }
    let a;
    try {
      a = await api.getAuthorization(id);
    } catch (err) {
      setChildren(editorRoot, errorBox(err));
      return;
    }
    renderEditor(a);
  }

  function renderEditor(a) {
    const s = summarize(a);
    const fields = a.fields ?? {};
    const sources = fieldSources(a);
    const errors = el('div', { attrs: { 'aria-live': 'assertive' } });
    const form = el('form', { class: 'review-form', id: 'review-form', noValidate: true });
    for (const [label, path, type, wide] of FIELDS) {
      const value = pick(fields, path);
      const input = el('input', {
        id: inputId(path),
        name: path,
        type,
        value: value === undefined || value === null ? '' : String(value),
        attrs: type === 'number' ? { step: 'any', min: '0' } : {},
      });
      const src = sources[path];
      form.append(
        el(
          'label',
          { class: wide ? 'wide' : '', htmlFor: inputId(path) },
          label,
          input,
          src ? el('span', { class: 'source', text: `Source: ${src}` }) : null,
        ),
      );
    }
    const save = el('button', { type: 'submit', text: 'Save changes' });
    const approve = el('button', {
      type: 'button',
      class: 'primary',
      text: 'Approve',
      id: 'review-approve',
    });
    form.append(el('div', { class: 'form-actions wide' }, save, approve));

    let current = fields;
    async function saveIfChanged() {
      const patch = buildPatch(form, current);
      if (!patch) return true;
      const res = await api.updateAuthorization(a.id, patch);
      // The API may answer with the updated authorization; re-read otherwise.
      const updated = res && res.fields ? res : await api.getAuthorization(a.id);
      current = updated.fields ?? current;
      return true;
    }

    async function run(work) {
      setChildren(errors);
      save.disabled = approve.disabled = true;
      try {
        await work();
      } catch (err) {
        setChildren(errors, errorBox(err));
      } finally {
        save.disabled = approve.disabled = false;
      }
    }

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void run(async () => {
        await saveIfChanged();
        toast(`Authorization #${a.id} saved`);
        onChanged();
      });
    });
    approve.addEventListener(
      'click',
      () =>
        void run(async () => {
          await saveIfChanged();
          const r = await api.approveAuthorization(a.id);
          toast((r && r.message) || `Authorization #${a.id} approved`);
          selectedId = null;
          onChanged();
        }),
    );

    setChildren(
      editorRoot,
      el(
        'div',
        { class: 'card' },
        el('h3', { text: `Authorization ${s.number ?? ''} (#${s.id})` }),
        s.reasons.length
          ? el(
              'div',
              {},
              el('strong', { text: 'Why it needs review' }),
              el('ul', { class: 'reasons' }, ...s.reasons.map((r) => el('li', { text: r }))),
            )
          : null,
        errors,
        form,
        el('h3', { text: 'Source email' }),
        emailSummary(a.email),
      ),
    );
  }

  return { refresh };
}
