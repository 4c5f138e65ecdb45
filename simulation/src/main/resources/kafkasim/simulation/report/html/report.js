// report.html's charts: drawn with uPlot from the JSON in #report-data (ReportData.ChartData).
(function () {
  'use strict';
  // colour = architecture, the same in every chart and every report; dash = which figure
  const COLOURS = { Kafka: '#1f6fb4', MQTT: '#e8710a' };
  const SPARE_COLOURS = ['#6a3d9a', '#8c564b'];
  const FAULT = '#c81e1e';
  const FAULT_WINDOW = 'rgba(200, 30, 30, 0.10)';
  const WARMUP = 'rgba(0, 0, 0, 0.06)';
  const ACTION = '#1a8f3c';
  const DASHED = [6, 4];
  const PATHS = ['fast', 'medium', 'slow'];
  const X_LABEL = 'time since the clock started (s)';
  const Y_AXIS_PX = 64;
  const LABEL_FONT_PX = 11;
  const LABEL_LINE_PX = 14;
  // one row of charts per figure, one chart per path in it
  const ROWS = [
    { title: 'completed per second', unit: 'completed (msg/s)',
      figures: [{ name: '', key: 'completedPerSec' }] },
    { title: 'end-to-end latency (scheduled send → completion), p50 and p99', unit: 'latency (ms, log scale)',
      log: true,
      figures: [{ name: 'p50', key: 'p50Ms', dash: DASHED }, { name: 'p99', key: 'p99Ms' }] },
    { title: 'lost and duplicates per 1 s window', unit: 'messages per window', omitWhenZero: true,
      figures: [{ name: 'lost', key: 'lost' }, { name: 'duplicates', key: 'duplicates', dash: DASHED }] },
  ];

  const errorBox = document.getElementById('chart-error');
  try {
    render(JSON.parse(document.getElementById('report-data').textContent));
  } catch (e) {
    errorBox.hidden = false;
    errorBox.textContent = 'The charts could not be drawn: ' + e;
    throw e;
  }

  function render(data) {
    const root = document.getElementById('charts');
    if (data.timeSec.length === 0) {
      root.textContent = 'windows.csv has no 1 s windows: nothing to draw.';
      return;
    }
    // less a few pixels: three charts of exactly a third wrap
    const width = Math.max(320, Math.floor((root.clientWidth - 2 * 16) / PATHS.length) - 8);
    const marks = markList(data.runs);
    const rows = labelRows(marks, data.timeSec, width);
    let charts = 0;
    for (const row of ROWS) {
      const zeroPaths = [];
      const section = document.createElement('div');
      section.className = 'chart-row';
      const heading = document.createElement('h3');
      heading.textContent = row.title;
      section.appendChild(heading);
      for (const path of PATHS) {
        const series = [];
        const columns = [data.timeSec];
        data.runs.forEach((run, i) => {
          const colour = COLOURS[run.label] || SPARE_COLOURS[i % SPARE_COLOURS.length];
          for (const f of row.figures) {
            const values = run.paths[path][f.key];
            if (values == null) {
              continue; // windows.csv has no such column
            }
            series.push({ label: (run.label + ' ' + f.name).trim(), stroke: colour, width: 1.5, dash: f.dash,
              spanGaps: true, points: { show: false } });
            // a log scale has no 0: such a window shows as a gap
            columns.push(row.log ? values.map(v => (v != null && v > 0 ? v : null)) : values);
          }
        });
        if (series.length === 0) {
          continue;
        }
        if (row.omitWhenZero && columns.slice(1).every(c => c.every(v => v == null || v === 0))) {
          zeroPaths.push(path);
          continue;
        }
        // the slow path completes on checkpoints: its chart is the mean over one interval (ReportData)
        const meanSec = Math.max(...data.runs.map(r => (row.figures[0].key === 'completedPerSec'
            ? r.paths[path].completedMeanSec : 1)));
        const holder = document.createElement('div');
        section.appendChild(holder);
        const log = row.log && columns.slice(1).some(c => c.some(v => v != null));
        new uPlot({
          title: meanSec > 1 ? path + ', mean of ' + meanSec + ' s' : path,
          width: width,
          height: 230,
          scales: { x: { time: false },
            y: log ? { distr: 3, log: 10 } : { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] } },
          padding: [8 + rows * LABEL_LINE_PX, null, null, null],
          // a log axis has a grid line at every 1..9 × 10^n: lighter, or it reads as bands
          axes: [{ label: X_LABEL },
            { label: row.unit, size: Y_AXIS_PX, grid: { stroke: log ? '#f0f0f0' : '#e4e4e4' } }],
          series: [{ label: 't (s)' }].concat(series),
          legend: { live: false },
          plugins: [markers(data.runs, marks, rows)],
        }, columns, holder);
        charts++;
      }
      if (zeroPaths.length > 0) {
        const note = document.createElement('p');
        note.textContent = '0 in every window of ' + zeroPaths.join(', ') + ': no chart';
        section.appendChild(note);
      }
      if (section.childElementCount > 1) {
        root.appendChild(section);
      }
    }
    document.body.dataset.charts = String(charts); // for the page's tests: drawn, and how many
  }

  // every run's faults (applied, and undone: dashed, no label) and actions, in time order
  function markList(runs) {
    const marks = [];
    for (const run of runs) {
      const prefix = runs.length > 1 ? run.label + ': ' : '';
      for (const f of run.faults) {
        marks.push({ atSec: f.atSec, label: prefix + f.label, colour: FAULT });
        if (f.untilSec != null) {
          marks.push({ atSec: f.untilSec, colour: FAULT, dash: DASHED });
        }
      }
      for (const a of run.actions) {
        marks.push({ atSec: a.atSec, label: prefix + a.label, colour: ACTION });
      }
    }
    return marks.sort((a, b) => a.atSec - b.atSec);
  }

  // The label row of each labelled mark: the first row whose last label ends before it (labels never overlap).
  // xOf: seconds → pixels; a label that would pass the right edge goes left of its line.
  function layOut(marks, xOf, textWidth, right, gap) {
    const rowEnds = [];
    const placed = [];
    for (const m of marks) {
      if (m.label == null) {
        continue;
      }
      const x = xOf(m.atSec);
      const width = textWidth(m.label) + gap;
      const left = x + gap + width > right ? x - width : x + gap;
      let row = 0;
      while (rowEnds[row] != null && rowEnds[row] > left) {
        row++;
      }
      rowEnds[row] = left + width;
      placed.push({ mark: m, x: x, left: left, row: row });
    }
    return { placed: placed, rows: rowEnds.length };
  }

  // the rows of labels above a chart's plot, estimated before it exists (the plot spans its width less the y axis)
  function labelRows(marks, timeSec, width) {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = LABEL_FONT_PX + 'px sans-serif';
    const first = timeSec[0];
    const span = Math.max(1, timeSec[timeSec.length - 1] - first);
    const left = Y_AXIS_PX;
    const right = width - 10;
    return layOut(marks, s => left + (s - first) / span * (right - left), t => ctx.measureText(t).width, right, 4)
        .rows;
  }

  // the marks over the plot, their labels in the padding above it
  function markers(runs, marks, rows) {
    return { hooks: { draw: [u => {
      const ctx = u.ctx;
      const box = u.bbox;
      const px = window.devicePixelRatio || 1;
      const lineHeight = LABEL_LINE_PX * px;
      const labelsTop = box.top - rows * lineHeight;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, box.top, box.width, box.height);
      ctx.clip();
      ctx.fillStyle = WARMUP;
      for (const warmupSec of new Set(runs.map(r => r.warmupSec))) {
        const from = u.valToPos(u.scales.x.min, 'x', true);
        ctx.fillRect(from, box.top, u.valToPos(warmupSec, 'x', true) - from, box.height);
      }
      ctx.fillStyle = FAULT_WINDOW;
      for (const run of runs) {
        for (const w of run.faultWindows) {
          const from = u.valToPos(w.atSec, 'x', true);
          ctx.fillRect(from, box.top, u.valToPos(w.untilSec, 'x', true) - from, box.height);
        }
      }
      ctx.lineWidth = 1.5 * px;
      for (const m of marks) {
        const x = u.valToPos(m.atSec, 'x', true);
        ctx.strokeStyle = m.colour;
        ctx.setLineDash((m.dash || []).map(d => d * px));
        ctx.beginPath();
        ctx.moveTo(x, box.top);
        ctx.lineTo(x, box.top + box.height);
        ctx.stroke();
      }
      ctx.restore();
      ctx.save();
      ctx.font = LABEL_FONT_PX * px + 'px sans-serif';
      ctx.textBaseline = 'top';
      ctx.textAlign = 'left'; // uPlot leaves its axes' alignment set
      ctx.lineWidth = 1 * px;
      const right = box.left + box.width;
      const laidOut = layOut(marks, s => u.valToPos(s, 'x', true), t => ctx.measureText(t).width, right, 4 * px);
      for (const p of laidOut.placed) {
        if (p.x < box.left || p.x > right) {
          continue;
        }
        const y = labelsTop + Math.min(p.row, rows - 1) * lineHeight;
        ctx.strokeStyle = p.mark.colour;
        ctx.beginPath(); // joins the label to its line
        ctx.moveTo(p.x, y);
        ctx.lineTo(p.x, box.top);
        ctx.stroke();
        ctx.fillStyle = p.mark.colour;
        ctx.fillText(p.mark.label, p.left, y + 1 * px);
      }
      ctx.restore();
    }] } };
  }
})();
