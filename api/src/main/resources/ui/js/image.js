// One image: its status (refreshed while it is on its way), every rendition with a download, the original,
// why it failed, and Retry and Delete.
import { api, badge, bytes, frame, h, say, thumbnail, when } from './console.js';

frame('gallery.html');

const id = new URLSearchParams(location.search).get('id');
const root = document.getElementById('image');
let timer = null;

// a file opens from storage through a link the api signs for a few minutes; the browser shows it, to
// look at or save
async function open(path, button) {
  button.disabled = true;
  try {
    const link = await api(path);
    location.assign(link.url);
  } catch (e) {
    say(e.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function openButton(path, label) {
  const button = h('button', { type: 'button' }, label);
  button.addEventListener('click', () => open(path, button));
  return button;
}

async function render(image) {
  document.getElementById('title').textContent = image.filename;
  document.title = `${image.filename} · Darkroom`;
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Status'), h('dd', { id: 'status' }, badge(image.status)),
    h('dt', {}, 'Id'), h('dd', {}, h('code', {}, image.uuid)),
    h('dt', {}, 'Description'), h('dd', {}, image.description || '\u2014'),
    h('dt', {}, 'Original'), h('dd', {},
      [image.contentType, image.width && `${image.width} \u00d7 ${image.height}`, bytes(image.bytes)].filter(Boolean).join(', ') || '\u2014'),
    h('dt', {}, 'Uploaded'), h('dd', {}, when(image.createdAt)),
    h('dt', {}, 'Finished'), h('dd', {}, when(image.completedAt) || '\u2014'),
    image.source ? [h('dt', {}, 'Imported from'), h('dd', {}, image.source.url)] : null);
  const parts = [h('section', { class: 'panel', 'aria-label': 'Facts' }, facts)];

  if (image.failure) {
    parts.push(h('section', { class: 'panel', 'aria-labelledby': 'failure-title' },
      h('h2', { id: 'failure-title' }, 'Why it failed'),
      h('p', {}, h('code', { id: 'failure-code' }, image.failure.code), ' \u2014 ', image.failure.detail || ''),
      h('p', { class: 'muted' }, image.failure.retryable ? 'This may pass if retried.' : 'Retrying will not help with this file.')));
  }

  const actions = h('div', { class: 'row' });
  if (image.status !== 'awaiting_upload') actions.append(openButton(`/api/v1/images/${image.uuid}/original`, 'Open the original'));
  if (image.status === 'failed') {
    const retry = h('button', { type: 'button', class: 'primary' }, 'Retry');
    retry.addEventListener('click', async () => {
      try {
        const again = await api(`/api/v1/images/${image.uuid}/actions/retry`, { method: 'POST' });
        say('Sent for processing again.');
        show(again);
      } catch (e) {
        say(e.message, 'error');
      }
    });
    actions.append(retry);
  }
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  remove.addEventListener('click', async () => {
    if (!confirm(`Delete ${image.filename} and its renditions?`)) return;
    try {
      await api(`/api/v1/images/${image.uuid}`, { method: 'DELETE' });
      location.assign('gallery.html');
    } catch (e) {
      say(e.message, 'error');
    }
  });
  actions.append(remove);
  parts.push(h('section', { 'aria-label': 'Actions' }, actions));

  if (image.renditions.length) {
    const table = h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Renditions'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rendition'), h('th', { scope: 'col', class: 'num' }, 'Width'),
        h('th', { scope: 'col', class: 'num' }, 'Height'), h('th', { scope: 'col' }, 'Format'),
        h('th', { scope: 'col', class: 'num' }, 'Size'), h('th', { scope: 'col' }, 'File'))),
      h('tbody', {}, image.renditions.map((r) => h('tr', { 'data-rendition': r.name },
        h('th', { scope: 'row' }, r.name), h('td', { class: 'num' }, r.width), h('td', { class: 'num' }, r.height),
        h('td', {}, r.format), h('td', { class: 'num' }, bytes(r.bytes)),
        h('td', {}, openButton(r.url, `Open ${r.name}`))))));
    parts.push(h('section', { 'aria-labelledby': 'renditions-title' }, h('h2', { id: 'renditions-title' }, 'Renditions'), table));
    try {
      const url = await thumbnail(image, 'medium');
      if (url) parts.push(h('img', { class: 'preview', src: url, alt: `Preview of ${image.filename}` }));
    } catch (e) {
      // the table is enough
    }
  }
  root.replaceChildren(...parts);
}

async function show(image) {
  clearTimeout(timer);
  await render(image);
  if (['awaiting_upload', 'pending', 'processing'].includes(image.status)) {
    timer = setTimeout(load, 2000);
  }
}

async function load() {
  try {
    show(await api(`/api/v1/images/${encodeURIComponent(id)}`));
  } catch (e) {
    say(e.message, 'error');
  }
}

if (id) load();
else say('No image named: open one from the gallery.', 'error');
