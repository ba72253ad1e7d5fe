// Collections: list, create, rename, delete (the api refuses a collection that still holds images, and the
// reason is shown as it says it).
import { api, frame, h, say, when } from './console.js';

frame('collections.html');

const body = document.getElementById('collections');

function row(c) {
  const nameId = `name-${c.uuid}`;
  const name = h('input', { id: nameId, value: c.name, minlength: 2, maxlength: 255, required: true });
  const rename = h('button', { type: 'submit' }, 'Rename');
  const form = h('form', { class: 'row', 'aria-label': `Rename ${c.name}` },
    h('label', { for: nameId, class: 'visually-hidden' }, `Name of ${c.name}`), name, rename);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/collections/${c.uuid}`, { method: 'PATCH', json: { name: name.value } });
      say(`Renamed to ${name.value}.`);
      load();
    } catch (e) {
      say(e.message, 'error');
    }
  });
  const remove = h('button', { type: 'button', class: 'danger' }, `Delete ${c.name}`);
  remove.addEventListener('click', async () => {
    try {
      await api(`/api/v1/collections/${c.uuid}`, { method: 'DELETE' });
      say(`${c.name} deleted.`);
      load();
    } catch (e) {
      say(`${c.name} was not deleted: ${e.message}`, 'error');
    }
  });
  return h('tr', { 'data-collection': c.name },
    h('td', {}, form, c.description ? h('div', { class: 'muted' }, c.description) : null),
    h('td', { class: 'num' }, h('a', { href: `gallery.html?collectionId=${c.uuid}` }, String(c.imageCount))),
    h('td', {}, when(c.createdAt)),
    h('td', {}, remove));
}

async function load() {
  try {
    const page = await api('/api/v1/collections?limit=100');
    body.replaceChildren(...page.data.map(row));
    if (!page.data.length) body.append(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No collection yet.')));
  } catch (e) {
    say(`The collections could not be listed: ${e.message}`, 'error');
  }
}

document.getElementById('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const description = form.description.value.trim();
  try {
    const created = await api('/api/v1/collections', {
      method: 'POST', json: { name: form.name.value.trim(), description: description || null },
    });
    say(`${created.name} created.`);
    form.reset();
    load();
  } catch (e) {
    say(e.message, 'error');
  }
});

load();
