// The monitor (our Flower): the last hour's throughput by outcome, the backlog, failures by code, the worker's
// time per stage and, for an admin, the outbox, the commands topic's lag per partition and the workers that
// consume it. Refreshes itself every 5 s while the tab is visible.
import { api, frame, h, say, when } from './console.js';

frame('monitor.html');

const root = document.getElementById('monitor');
const REFRESH_MS = 5000;

function figure(label, value, id) {
  return h('div', { class: 'figure' }, h('div', { class: 'muted' }, label), h('div', { class: 'value', id }, value));
}

function seconds(s) {
  if (s === null || s === undefined) return '\u2014';
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function ms(v) {
  return v === null || v === undefined ? '\u2014' : `${v} ms`;
}

function table(caption, headers, rows) {
  return h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map(([label, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, label)))),
    h('tbody', {}, rows));
}

function chart(minutes) {
  const max = Math.max(1, ...minutes.map((m) => m.succeeded + m.failed));
  const bars = minutes.map((m) => h('div', {
    class: 'bar', title: `${new Date(m.minute).toLocaleTimeString()}: ${m.succeeded} succeeded, ${m.failed} failed`,
  },
  h('div', { class: 'ok', style: null, 'data-height': m.succeeded }),
  h('div', { class: 'bad', 'data-height': m.failed })));
  // heights through the CSSOM: the policy allows no inline style attributes
  bars.forEach((bar, i) => {
    bar.children[0].style.height = `${(100 * minutes[i].succeeded) / max}%`;
    bar.children[1].style.height = `${(100 * minutes[i].failed) / max}%`;
  });
  const recent = minutes.filter((m) => m.succeeded + m.failed > 0).slice(-10).reverse();
  return h('div', {},
    h('div', { class: 'legend' }, h('span', {}, h('span', { class: 'swatch ok' }), 'succeeded'),
      h('span', {}, h('span', { class: 'swatch bad' }), 'failed (striped)')),
    h('div', { class: 'bars', role: 'img', 'aria-label': 'Images finished per minute over the last hour' }, bars),
    h('details', {}, h('summary', {}, 'The busiest recent minutes as a table'),
      table('Outcomes per minute', [['Minute'], ['Succeeded', true], ['Failed', true]],
        recent.map((m) => h('tr', {}, h('td', {}, new Date(m.minute).toLocaleTimeString()),
          h('td', { class: 'num' }, m.succeeded), h('td', { class: 'num' }, m.failed))))));
}

function render(view) {
  const succeeded = view.throughput.reduce((n, m) => n + m.succeeded, 0);
  const failed = view.throughput.reduce((n, m) => n + m.failed, 0);
  document.getElementById('scope').textContent = view.scope === 'all'
    ? `Every owner's images, and the pipeline (you have the admin role). Updated ${when(view.generatedAt)}.`
    : `Your images only; the pipeline's internals need the admin role. Updated ${when(view.generatedAt)}.`;
  const p = view.pipeline;
  const parts = [
    h('section', { 'aria-labelledby': 'now-title' }, h('h2', { id: 'now-title' }, `Last ${view.windowMinutes} minutes`),
      h('div', { class: 'figures' },
        figure('Succeeded', succeeded, 'total-succeeded'),
        figure('Failed', failed, 'total-failed'),
        figure('Waiting for a worker', view.backlog.pending, 'backlog-pending'),
        figure('Being processed', view.backlog.processing, 'backlog-processing'),
        figure('Oldest waiting', seconds(view.backlog.oldestWaitingSeconds), 'backlog-age'),
        p ? figure('Outbox waiting', p.outboxWaiting, 'outbox-waiting') : null,
        p ? figure('Consumer lag', p.totalLag ?? '\u2014', 'total-lag') : null)),
    h('section', { 'aria-labelledby': 'throughput-title' }, h('h2', { id: 'throughput-title' }, 'Throughput per minute'), chart(view.throughput)),
    h('section', { 'aria-labelledby': 'failures-title' }, h('h2', { id: 'failures-title' }, 'Failures by code'),
      view.failures.length
        ? table('Failures by code', [['Code'], ['Images', true], ['Recent (yours)']],
          view.failures.map((f) => h('tr', { 'data-code': f.code }, h('td', {}, h('code', {}, f.code)), h('td', { class: 'num' }, f.count),
            h('td', {}, f.recentImages.map((id, i) => [i ? ', ' : '', h('a', { href: `image.html?id=${id}` }, id.slice(0, 8))])))))
        : h('p', { class: 'muted' }, 'No failure in the last hour.')),
    h('section', { 'aria-labelledby': 'stages-title' }, h('h2', { id: 'stages-title' }, 'Worker time per stage'),
      table('Time per stage', [['Stage'], ['Images', true], ['p50', true], ['p95', true]],
        view.stages.map((s) => h('tr', { 'data-stage': s.stage }, h('th', { scope: 'row' }, s.stage), h('td', { class: 'num' }, s.images),
          h('td', { class: 'num' }, ms(s.p50Millis)), h('td', { class: 'num' }, ms(s.p95Millis)))))),
  ];
  if (p) {
    parts.push(h('section', { 'aria-labelledby': 'pipeline-title' }, h('h2', { id: 'pipeline-title' }, 'Pipeline'),
      h('p', {}, `Outbox: ${p.outboxWaiting} command(s) waiting, the oldest for ${seconds(p.outboxOldestSeconds)}. `,
        `Consumer group ${p.consumerGroup}: ${p.groupState || 'unknown'}.`),
      p.kafkaError ? h('p', { class: 'message message-error' }, p.kafkaError) : null,
      h('h3', {}, 'Lag per partition'),
      table('Lag per partition', [['Partition', true], ['Committed', true], ['End', true], ['Lag', true]],
        p.lag.map((l) => h('tr', {}, h('td', { class: 'num' }, l.partition), h('td', { class: 'num' }, l.committed ?? '\u2014'),
          h('td', { class: 'num' }, l.end), h('td', { class: 'num' }, l.lag)))),
      h('h3', {}, 'Workers consuming'),
      p.workers.length
        ? table('Workers', [['Client'], ['Host'], ['Partitions']],
          p.workers.map((w) => h('tr', { class: 'worker' }, h('td', {}, w.clientId), h('td', {}, w.host), h('td', {}, w.partitions.join(', ') || 'none'))))
        : h('p', { class: 'message message-error' }, 'No worker is consuming: commands wait in Kafka until one starts.')));
  }
  root.replaceChildren(...parts);
}

async function refresh() {
  try {
    render(await api('/api/v1/monitor'));
  } catch (e) {
    say(`The monitor could not be read: ${e.message}`, 'error');
  }
  setTimeout(() => (document.hidden ? document.addEventListener('visibilitychange', refresh, { once: true }) : refresh()), REFRESH_MS);
}

refresh();
