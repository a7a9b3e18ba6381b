/**
 * Runs inside the page before the app: records when each stamped HMS code first appears in a card's
 * HMS badge (MutationObserver), and every long task (PerformanceObserver 'longtask', i.e. > 50 ms).
 * It also notes when a WebSocket message carrying each stamp arrived, to split the latency into
 * transport and rendering. Times are wall-clock ms (timeOrigin + now), comparable with the virtual farm's.
 */
export const PAGE_PROBE = `(() => {
  const seen = {};
  const received = {};
  const longTasks = [];
  const STAMP = /0C00_0300_0001_[0-9A-F]{4}/g;
  const CODE = /([0-9A-F]{4}_[0-9A-F]{4}_[0-9A-F]{4}_[0-9A-F]{4})/;
  const now = () => performance.timeOrigin + performance.now();
  const look = (el, t) => {
    if (!(el instanceof Element)) return;
    const badges = el.matches('[data-testid="hms-badge"]') ? [el] : el.querySelectorAll('[data-testid="hms-badge"]');
    for (const b of badges) {
      const m = CODE.exec(b.getAttribute('title') || '');
      if (m && seen[m[1]] === undefined) seen[m[1]] = t;
    }
  };
  new MutationObserver((records) => {
    const t = now();
    for (const r of records) {
      if (r.type === 'attributes') look(r.target, t);
      else for (const n of r.addedNodes) look(n, t);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['title'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        const t = now();
        for (const m of e.data.matchAll(STAMP)) if (received[m[0]] === undefined) received[m[0]] = t;
      });
    }
  };
  window.__bench = { seen, received, longTasks };
})();`;
