// The gallery: the owner's images, a page at a time, with live statuses. While any image on the page is still
// on its way (awaiting upload, pending, processing) the page is asked again: after 1.5 s, then 1.5x longer
// each time nothing changed, up to 15 s; any change starts again at 1.5 s. When every image shown is final the
// page is still asked every 15 s, so that images uploaded elsewhere, or that come to match the filter (a
// failure, under "failed"), appear. Nothing is asked while the tab is hidden.
import { api, badge, bytes, frame, h, say, thumbnail } from './console.js';

frame('gallery.html');

const LIMIT = 24;
const UNFINISHED = new Set(['awaiting_upload', 'pending', 'processing']);
const IDLE_MS = 15000;
const state = { page: 1, total: 0, images: [], selected: new Set(), delay: 1500, timer: null, fingerprint: '' };
const thumbs = new Map(); // uuid -> presigned URL
const grid = document.getElementById('grid');
const params = new URLSearchParams(location.search);

for (const [name, value] of params) {
  const field = document.querySelector(`#filters [name="${name}"]`);
  if (field) field.value = value;
}

function query() {
  const form = new FormData(document.getElementById('filters'));
  const q = new URLSearchParams({ page: String(state.page), limit: String(LIMIT) });
  for (const [name, value] of form) if (value) q.set(name, value);
  return q;
}

function card(image) {
  const checkbox = h('input', {
    type: 'checkbox', id: `select-${image.uuid}`, checked: state.selected.has(image.uuid),
    onchange: (event) => {
      if (event.target.checked) state.selected.add(image.uuid);
      else state.selected.delete(image.uuid);
      event.target.closest('.card').classList.toggle('selected', event.target.checked);
      selectionChanged();
    },
  });
  const url = thumbs.get(image.uuid);
  const picture = url
    ? h('img', { src: url, alt: `Thumbnail of ${image.filename}`, loading: 'lazy' })
    : h('span', {}, image.status === 'failed' ? 'no rendition' : 'no thumbnail yet');
  return h('li', { class: `card${state.selected.has(image.uuid) ? ' selected' : ''}`, 'data-uuid': image.uuid, 'data-status': image.status },
    h('a', { class: 'thumb', href: `image.html?id=${image.uuid}`, 'aria-label': `Open ${image.filename}` }, picture),
    h('div', { class: 'meta' },
      h('a', { class: 'name', href: `image.html?id=${image.uuid}`, title: image.filename }, image.filename),
      h('div', {}, badge(image.status), ' ',
        image.failure ? h('code', { class: 'failure-code' }, image.failure.code) : h('span', { class: 'muted' }, bytes(image.bytes))),
      h('label', { class: 'select', for: `select-${image.uuid}` }, checkbox, `Select ${image.filename}`)));
}

async function fetchThumbnails(images) {
  const wanted = images.filter((i) => i.status === 'succeeded' && !thumbs.has(i.uuid) && i.renditions.length);
  await Promise.all(wanted.map(async (image) => {
    try {
      thumbs.set(image.uuid, await thumbnail(image));
    } catch (e) {
      thumbs.set(image.uuid, null);
    }
  }));
}

function render() {
  grid.replaceChildren(...state.images.map(card));
  if (!state.images.length) grid.append(h('li', { class: 'muted' }, 'No image matches.'));
  const pages = Math.max(1, Math.ceil(state.total / LIMIT));
  document.getElementById('page-info').textContent = `Page ${state.page} of ${pages} (${state.total} images)`;
  document.getElementById('previous').disabled = state.page <= 1;
  document.getElementById('next').disabled = state.page >= pages;
}

async function load() {
  clearTimeout(state.timer);
  let page;
  try {
    page = await api(`/api/v1/images?${query()}`);
  } catch (e) {
    say(`The images could not be listed: ${e.message}`, 'error');
    return;
  }
  state.images = page.data;
  state.total = page.meta.total;
  await fetchThumbnails(state.images);
  const fingerprint = `${state.total}|${state.images.map((i) => `${i.uuid}:${i.status}`).join()}`;
  const changed = fingerprint !== state.fingerprint;
  state.delay = changed ? 1500 : Math.min(state.delay * 1.5, 15000);
  state.fingerprint = fingerprint;
  // drawn again only when something changed: a refresh never takes the keyboard's place away
  if (changed) render();
  const unfinished = state.images.some((i) => UNFINISHED.has(i.status));
  const delay = unfinished ? state.delay : IDLE_MS;
  document.getElementById('live').textContent = unfinished
    ? `Some images are still being processed: refreshing in ${(delay / 1000).toFixed(1)} s.`
    : `Every image shown is final; looking for new ones every ${IDLE_MS / 1000} s.`;
  state.timer = setTimeout(() => (document.hidden ? null : load()), delay);
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) load();
});

function selectionChanged() {
  const n = state.selected.size;
  document.getElementById('selected-count').textContent = n ? `${n} selected.` : 'No image selected.';
  const target = document.getElementById('target-collection').value;
  document.getElementById('add-selected').disabled = !n || !target;
  document.getElementById('remove-selected').disabled = !n || !target;
}

async function changeMembership(method) {
  const target = document.getElementById('target-collection');
  const ids = [...state.selected];
  try {
    await api(`/api/v1/collections/${target.value}/relationships/images`, { method, json: { imageIds: ids } });
    const name = target.selectedOptions[0].textContent;
    say(`${ids.length} image${ids.length > 1 ? 's' : ''} ${method === 'POST' ? 'added to' : 'removed from'} ${name}.`);
    state.selected.clear();
    selectionChanged();
    state.fingerprint = ''; // draw again: the checkboxes are cleared
    load();
  } catch (e) {
    say(e.message, 'error');
  }
}

async function loadCollections() {
  try {
    const page = await api('/api/v1/collections?limit=100');
    const filter = document.getElementById('in-collection');
    const target = document.getElementById('target-collection');
    for (const c of page.data) {
      filter.append(h('option', { value: c.uuid }, c.name));
      target.append(h('option', { value: c.uuid }, c.name));
    }
    if (!page.data.length) target.append(h('option', { value: '' }, 'no collection yet'));
    const wanted = params.get('collectionId');
    if (wanted) filter.value = wanted;
    selectionChanged();
  } catch (e) {
    // listed without collections
  }
}

document.getElementById('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  state.page = 1;
  load();
});
document.getElementById('previous').addEventListener('click', () => { state.page -= 1; load(); });
document.getElementById('next').addEventListener('click', () => { state.page += 1; load(); });
document.getElementById('target-collection').addEventListener('change', selectionChanged);
document.getElementById('add-selected').addEventListener('click', () => changeMembership('POST'));
document.getElementById('remove-selected').addEventListener('click', () => changeMembership('DELETE'));

loadCollections().then(load);
