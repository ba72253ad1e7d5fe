// Imports: send a CSV, watch it progress row by row (refreshed every 2 s until it completes), download the
// output CSV (fetched with the token, then saved).
import { api, badge, frame, h, say, token, when } from './console.js';

frame('imports.html');

const list = document.getElementById('imports');
const detail = document.getElementById('detail');
let openId = new URLSearchParams(location.search).get('id');
let timer = null;

function progress(p) {
  return h('span', {},
    h('progress', { max: Math.max(p.total, 1), value: p.succeeded + p.failed, 'aria-label': 'Images done' }),
    ` ${p.percentComplete}% \u2014 ${p.succeeded} succeeded, ${p.failed} failed, ${p.pending} to go`);
}

async function saveOutput(imp, button) {
  button.disabled = true;
  try {
    const response = await fetch(imp.links.output, { headers: token() ? { Authorization: `Bearer ${token()}` } : {} });
    if (!response.ok) throw new Error(`The server answered ${response.status}.`);
    const url = URL.createObjectURL(await response.blob());
    const a = h('a', { href: url, download: `import-${imp.id}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    say(`The output CSV could not be downloaded: ${e.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function showDetail(id) {
  clearTimeout(timer);
  openId = id;
  let imp;
  let rows;
  try {
    [imp, rows] = await Promise.all([api(`/api/v1/imports/${id}`), api(`/api/v1/imports/${id}/rows?limit=1000`)]);
  } catch (e) {
    say(e.message, 'error');
    return;
  }
  const output = h('button', { type: 'button' }, 'Download the output CSV');
  output.addEventListener('click', () => saveOutput(imp, output));
  detail.replaceChildren(
    h('h2', {}, `Import of ${when(imp.createdAt)}`),
    h('p', {}, badge(imp.status), ' ', progress(imp.progress)),
    h('p', {}, output, ' ', h('span', { class: 'muted' }, `links to the ${imp.outputRendition} rendition`)),
    h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Rows'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Line'), h('th', { scope: 'col' }, 'Serial'),
        h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col' }, 'Images'))),
      h('tbody', {}, rows.data.map((r) => h('tr', {},
        h('td', { class: 'num' }, r.line), h('td', {}, r.serialNumber), h('td', {}, r.productName),
        h('td', {}, h('ul', {}, r.urls.map((u) => h('li', {},
          badge(u.status), ' ',
          u.imageId ? h('a', { href: `image.html?id=${u.imageId}` }, u.url) : u.url,
          u.failureCode ? [' ', h('code', {}, u.failureCode)] : null)))))))));
  if (!imp.completedAt) timer = setTimeout(() => { showDetail(id); loadList(); }, 2000);
}

async function loadList() {
  try {
    const page = await api('/api/v1/imports?limit=50');
    list.replaceChildren(...page.data.map((imp) => {
      const open = h('button', { type: 'button' }, 'Show rows');
      open.addEventListener('click', () => showDetail(imp.id));
      return h('tr', {}, h('td', {}, when(imp.createdAt)), h('td', {}, badge(imp.status)),
        h('td', {}, progress(imp.progress)), h('td', { class: 'num' }, imp.totalRows), h('td', {}, open));
    }));
    if (!page.data.length) list.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No import yet.')));
  } catch (e) {
    say(`The imports could not be listed: ${e.message}`, 'error');
  }
}

document.getElementById('new-import').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  if (!form.get('preset')) form.delete('preset');
  try {
    const created = await api('/api/v1/imports', { method: 'POST', body: form });
    say(`Import started: ${created.distinctUrls} images from ${created.totalRows} rows.`);
    event.target.reset();
    await loadList();
    showDetail(created.id);
  } catch (e) {
    say(e.message, 'error');
  }
});

loadList();
if (openId) showDetail(openId);
