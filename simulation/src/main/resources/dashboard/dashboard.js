// kafkasim's live dashboard: the run's state once per second over an event stream, charts drawn with uPlot.
(function () {
  'use strict';
  const token = document.body.dataset.token;
  const PATHS = ['fast', 'medium', 'slow'];
  const COLOURS = { produced: '#333', fast: '#e65100', medium: '#1565c0', slow: '#2e7d32' };
  const series = { t: [], produced: [], cpu: [], rate: {}, p50: {}, p99: {} };
  PATHS.forEach(p => { series.rate[p] = []; series.p50[p] = []; series.p99[p] = []; });
  let markers = [];
  let latest = null;
  let samples = 0;

  function api(path) { return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token); }
  const $ = id => document.getElementById(id);
  const fmt = (v, digits) => v == null ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits || 0 });

  // red lines for faults, blue for actions, on every chart
  function markerPlugin() {
    return { hooks: { draw: u => {
      const ctx = u.ctx;
      ctx.save();
      markers.forEach(m => {
        const x = u.valToPos(m.atMs / 1000, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        ctx.strokeStyle = m.kind === 'fault' ? '#c62828' : '#1565c0';
        ctx.lineWidth = 2;
        ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
        ctx.fillStyle = ctx.strokeStyle;
        ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
        ctx.fillText(m.label, x + 4, u.bbox.top + 12 * devicePixelRatio);
      });
      ctx.restore();
    } } };
  }

  function chart(el, yLabel, defs) {
    const width = Math.max(500, $(el).parentElement.clientWidth - 20);
    return new uPlot({
      width: width, height: 240, plugins: [markerPlugin()],
      scales: { x: { time: true } },
      axes: [{}, { label: yLabel, size: 60 }],
      series: [{}].concat(defs)
    }, [[]].concat(defs.map(() => [])), $(el));
  }

  const rates = chart('chart-rates', 'messages / s', [{ label: 'produced', stroke: COLOURS.produced, width: 2 }]
    .concat(PATHS.map(p => ({ label: p + ' completed', stroke: COLOURS[p], width: 1.5 }))));
  const latency = chart('chart-latency', 'ms', [].concat(...PATHS.map(p => [
    { label: p + ' p50', stroke: COLOURS[p], dash: [5, 4], width: 1 },
    { label: p + ' p99', stroke: COLOURS[p], width: 2 }])));
  const cpu = chart('chart-cpu', '% busy', [{ label: 'host CPU', stroke: '#6a1b9a', width: 2, fill: 'rgba(106,27,154,0.08)' }]);

  function addPoint(p) {
    series.t.push(p.atMs / 1000);
    series.produced.push(p.producedPerSec);
    series.cpu.push(p.hostCpuBusyPct == null ? null : p.hostCpuBusyPct);
    PATHS.forEach(name => {
      const v = p.paths && p.paths[name];
      series.rate[name].push(v ? v[0] : null);
      series.p50[name].push(v ? v[1] : null);
      series.p99[name].push(v ? v[2] : null);
    });
  }

  function redraw() {
    rates.setData([series.t, series.produced].concat(PATHS.map(p => series.rate[p])));
    latency.setData([series.t].concat(...PATHS.map(p => [series.p50[p], series.p99[p]])));
    cpu.setData([series.t, series.cpu]);
    $('samples').dataset.count = String(samples);
  }

  function pointOf(s) {
    const paths = {};
    if (s.paths) PATHS.forEach(p => { const v = s.paths[p]; paths[p] = v && v.reporting ? [v.completedPerSec, v.p50Ms, v.p99Ms] : null; });
    return { atMs: s.atMs, producedPerSec: s.producedPerSec, hostCpuBusyPct: s.hostCpuBusyPct, paths: paths };
  }

  function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; }

  function render(s) {
    latest = s;
    $('run-id').textContent = s.runId + ' · ' + s.scenario + ' on ' + s.broker;
    $('run-state').textContent = s.phase + ' · ' + s.elapsedSec + ' s' + (s.paused ? ' · PAUSED' : '') + ' · ';
    if (s.flinkWebUi && $('flink-link').getAttribute('href') !== s.flinkWebUi) {
      $('flink-link').href = s.flinkWebUi;
      $('flink-link').hidden = false;
    }
    $('connection').className = 'badge ' + (s.paused ? 'paused' : 'live');
    $('connection').textContent = s.paused ? 'paused' : 'live';
    $('produced-rate').textContent = fmt(s.producedPerSec);
    $('produced-total').textContent = fmt(s.produced);
    $('send-errors').textContent = fmt(s.sendErrors);
    $('workers').textContent = s.workersRunning + ' / ' + fmt(s.devices);
    $('producer-latency').textContent = fmt(s.ackP99Ms, 1) + ' / ' + fmt(s.sendLagP99Ms, 1) + ' ms';
    $('host-cpu').textContent = s.hostCpuBusyPct == null ? '–' : fmt(s.hostCpuBusyPct) + ' %';
    $('faults-in-force').textContent = s.faultsInForce || 'none';
    markers = s.markers || [];

    const paths = $('paths').tBodies[0]; paths.innerHTML = '';
    Object.entries(s.paths || {}).forEach(([name, p]) => {
      const r = paths.insertRow(); r.dataset.path = name;
      cell(r, name); cell(r, p.reporting ? 'reporting' : 'no records');
      cell(r, fmt(p.completedPerSec)); cell(r, fmt(p.p50Ms, 1)); cell(r, fmt(p.p99Ms, 1));
      cell(r, fmt(p.received)); cell(r, fmt(p.lost)); cell(r, fmt(p.duplicates)); cell(r, fmt(p.notCompleted));
      cell(r, p.consumerLag == null ? '–' : fmt(p.consumerLag));
    });
    const procs = $('processes').tBodies[0]; procs.innerHTML = '';
    (s.processes || []).forEach(p => {
      const r = procs.insertRow(); r.dataset.name = p.name;
      cell(r, p.name); cell(r, String(p.pid)); cell(r, p.state);
      cell(r, p.cpuPct == null ? '–' : fmt(p.cpuPct, 1)); cell(r, fmt(p.rssMb));
      cell(r, p.restarts == null ? '' : String(p.restarts), 'restarts');
    });
    // rebuilt only when the groups change: a button replaced every second could vanish under the user's click
    const groupsKey = JSON.stringify(s.deviceGroups || []);
    const groups = $('groups').tBodies[0];
    if (groups.dataset.key !== groupsKey) {
      groups.dataset.key = groupsKey;
      groups.innerHTML = '';
      (s.deviceGroups || []).forEach(g => {
        const r = groups.insertRow();
        cell(r, g.type); cell(r, fmt(g.count)); cell(r, fmt(g.ratePerSec, 2));
        const td = r.insertCell();
        [['count ×2', 'scale-up-' + g.type, { count: g.count * 2 }],
         ['count ÷2', 'scale-down-' + g.type, { count: Math.max(1, Math.floor(g.count / 2)) }],
         ['rate ×2', 'rate-up-' + g.type, { ratePerSec: g.ratePerSec * 2 }],
         ['rate ÷2', 'rate-down-' + g.type, { ratePerSec: g.ratePerSec / 2 }]].forEach(([text, id, args]) => {
          const b = document.createElement('button'); b.textContent = text; b.id = id;
          b.onclick = () => act('scale', Object.assign({ type: g.type }, args));
          td.appendChild(b);
        });
      });
    }
    const warnings = $('warnings'); warnings.innerHTML = '';
    (s.warnings && s.warnings.length ? s.warnings : [null]).forEach(w => {
      const li = document.createElement('li'); li.textContent = w || 'none so far'; if (!w) li.className = 'none';
      warnings.appendChild(li);
    });
    $('lines').textContent = (s.recentLines || []).join('\n');
  }

  function act(verb, args) {
    const out = $('action-result');
    out.textContent = verb + '…'; out.className = 'result';
    fetch(api('/api/actions/' + verb), { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args || {}) })
      .then(r => r.json().then(j => ({ ok: r.ok, j: j })))
      .then(({ ok, j }) => { out.textContent = verb + ': ' + j.message; out.className = 'result' + (ok ? '' : ' refused'); })
      .catch(e => { out.textContent = verb + ': ' + e; out.className = 'result refused'; });
  }

  $('pause').onclick = () => act('pause');
  $('resume').onclick = () => act('resume');
  $('reset').onclick = () => act('reset');
  $('stop').onclick = () => { if (confirm('Stop the run now?')) act('stop'); };
  $('workers-up').onclick = () => act('workers', { count: (latest ? latest.workersRunning : 1) + 1 });
  $('workers-down').onclick = () => act('workers', { count: Math.max(1, (latest ? latest.workersRunning : 2) - 1) });
  $('kill-worker').onclick = () => act('fault', { command: 'kill-worker 0' });
  $('fault-apply').onclick = () => act('fault', { command: ($('fault-action').value + ' ' + $('fault-args').value).trim() });

  fetch(api('/api/state')).then(r => r.json()).then(state => {
    (state.faultActions || []).forEach(a => { const o = document.createElement('option'); o.textContent = a; $('fault-action').appendChild(o); });
    (state.series || []).forEach(addPoint);
    if (state.latest) render(state.latest);
    redraw();
    const events = new EventSource(api('/api/events'));
    events.onmessage = e => {
      const s = JSON.parse(e.data);
      if (latest && s.runId !== latest.runId) { // compare's second run: its charts start empty
        series.t.length = 0; series.produced.length = 0; series.cpu.length = 0;
        PATHS.forEach(p => { series.rate[p].length = 0; series.p50[p].length = 0; series.p99[p].length = 0; });
      }
      samples++;
      addPoint(pointOf(s));
      render(s);
      redraw();
    };
    events.onerror = () => { $('connection').className = 'badge down'; $('connection').textContent = 'reconnecting'; };
  });
})();
