// Events received and deliveries by outcome over the last hour, in 5-minute bars, refreshed
// while the page is open. Drawn as SVG from the public API's lists.
import { getAll, literal } from '../api.js';
import { h, replace, notice } from '../dom.js';

const BUCKETS = 12;
const BUCKET_MS = 5 * 60 * 1000;
const OUTCOMES = ['delivered', 'pending', 'retrying', 'queued', 'cancelled'];
const SVG = 'http://www.w3.org/2000/svg';
// Pages of 500 read per refresh: a busy shop's hour is summarized from at most 2,000 of each list.
const CAP = 4;

export function activityChart(place, instanceId, refreshMs = 10000) {
  let stopped = false;
  let timer = null;
  const draw = async () => {
    const now = Date.now();
    const since = new Date(now - BUCKETS * BUCKET_MS).toISOString();
    try {
      const [events, deliveries] = await Promise.all([
        getAll(`/instances/${instanceId}/events?from=${encodeURIComponent(since)}`, CAP),
        getAll(`/notifications/subscriptions/deliveries?where=${encodeURIComponent(
          `instanceId = ${Number(instanceId)} and createdDate >= ${literal(since)}`)}`, CAP),
      ]);
      if (!stopped) replace(place, chart(now, events, deliveries));
    } catch (e) {
      if (!stopped) replace(place, notice('error', `The chart could not be loaded: ${e.message}`));
    }
    if (!stopped) timer = setTimeout(draw, refreshMs);
  };
  draw();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function bucketOf(now, iso) {
  const age = now - Date.parse(iso);
  const index = BUCKETS - 1 - Math.floor(age / BUCKET_MS);
  return index >= 0 && index < BUCKETS ? index : -1;
}

function chart(now, eventPages, deliveryPages) {
  const events = eventPages.items;
  const deliveries = deliveryPages.items;
  const partial = !eventPages.complete || !deliveryPages.complete;
  const received = new Array(BUCKETS).fill(0);
  const outcomes = Array.from({ length: BUCKETS }, () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])));
  for (const event of events) {
    const i = bucketOf(now, event.eventDate);
    if (i >= 0) received[i] += 1;
  }
  for (const delivery of deliveries) {
    const i = bucketOf(now, delivery.createdDate);
    if (i >= 0 && delivery.status in outcomes[i]) outcomes[i][delivery.status] += 1;
  }
  const max = Math.max(1, ...received, ...outcomes.map((o) => OUTCOMES.reduce((sum, k) => sum + o[k], 0)));
  const width = 1000;
  const height = 130;
  const slot = width / BUCKETS;
  const bar = slot * 0.36;
  const scale = (count) => (count / max) * (height - 20);
  const svg = svgNode('svg', { viewBox: `0 0 ${width} ${height + 18}`, class: 'chart', role: 'img',
    'aria-label': 'Events received and deliveries by outcome, last hour' });
  for (let i = 0; i < BUCKETS; i += 1) {
    const x = i * slot + slot * 0.12;
    svg.append(rect(x, height - scale(received[i]), bar, scale(received[i]), 'events', `${received[i]} events`));
    let top = height;
    for (const outcome of OUTCOMES) {
      const size = scale(outcomes[i][outcome]);
      if (size > 0) {
        top -= size;
        svg.append(rect(x + bar + 2, top, bar, size, outcome, `${outcomes[i][outcome]} ${outcome}`));
      }
    }
    if (i % 3 === 0) {
      const label = svgNode('text', { x, y: height + 14, class: 'axis' });
      label.textContent = `-${(BUCKETS - i) * 5} min`;
      svg.append(label);
    }
  }
  svg.append(svgNode('line', { x1: 0, y1: height, x2: width, y2: height, class: 'axis-line' }));
  const totals = OUTCOMES.map((o) => [o, deliveries.filter((d) => d.status === o).length]).filter(([, n]) => n > 0);
  return h('figure', { class: 'activity', id: 'activity-chart' }, svg,
    h('figcaption', { class: 'legend' },
      h('span', { class: 'key events' }, `${events.length} event${events.length === 1 ? '' : 's'} received`),
      totals.map(([outcome, count]) => h('span', { class: `key ${outcome}` }, `${count} ${outcome}`)),
      h('span', { class: 'muted' }, `${partial ? ' · from the first 2,000 of each list' : ''} · max ${max} per 5 minutes · refreshes every 10 s`)));
}

function rect(x, y, width, height, kind, title) {
  const node = svgNode('rect', { x, y, width, height, class: `bar ${kind}` });
  const tooltip = svgNode('title', {});
  tooltip.textContent = title;
  node.append(tooltip);
  return node;
}

function svgNode(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}
