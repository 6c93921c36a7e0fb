/* keystorm report: draws every <div class="chart" data-chart="NAME"> from the page's data blob
 * (script#keystorm-data, shapes in keystorm.results.report.Report's Javadoc) with ECharts, and sets
 * window.keystormReady once every chart has fired 'finished' (and keystormReadyMillis, performance.now() then).
 * No network. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('keystorm-data').textContent);
  var OUTCOME = { ok: '#2f9e63', fail: '#d9443f', info: '#e89b2f', pending: '#8c93a0' };
  var PALETTE = ['#3b6fd8', '#2f9e63', '#d9443f', '#e89b2f', '#8e5bd1', '#1f9fb4', '#c2508f', '#6d7a89', '#9c7a1f', '#45566b'];
  var FAULT = 'rgba(245, 176, 40, 0.16)';
  var SCAN = '#d9443f';
  var TEXT = { color: '#2b3240', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' };

  function colorOf(name, i) {
    return OUTCOME[name] || (name === 'scan' ? SCAN : PALETTE[i % PALETTE.length]);
  }

  function faultArea(faults) {
    if (!faults || !faults.length) { return undefined; }
    return {
      silent: true,
      itemStyle: { color: FAULT, borderColor: 'rgba(214, 142, 20, 0.5)', borderWidth: 1, borderType: 'dashed' },
      label: { show: true, position: 'insideTop', color: '#8a5a00', fontSize: 11 },
      // overlapping windows: labels on alternate lines
      data: faults.map(function (f, i) {
        return [{ name: f.fault, xAxis: f.start, label: { offset: [0, 14 * (i % 3)] } },
          { xAxis: Math.max(f.end, f.start + 1e-3) }];
      })
    };
  }

  function base(spec) {
    return {
      animation: false,
      textStyle: TEXT,
      grid: { left: 64, right: 28, top: 40, bottom: 64, containLabel: true },
      tooltip: { trigger: 'axis', confine: true },
      legend: { top: 4, type: 'scroll' },
      xAxis: { type: 'value', name: spec.xName, nameLocation: 'middle', nameGap: 28, min: 0,
        max: function (v) { return Math.max(v.max, spec.endSeconds || 0); } },
      yAxis: { type: spec.yLog ? 'log' : 'value', name: spec.yName, nameLocation: 'middle', nameGap: 52,
        minorSplitLine: { show: !!spec.yLog, lineStyle: { color: '#f1f2f5' } } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' },
        { type: 'slider', xAxisIndex: 0, height: 16, bottom: 8, filterMode: 'none' }]
    };
  }

  function scatter(spec) {
    var o = base(spec);
    o.tooltip = { trigger: 'item', confine: true, formatter: function (p) {
      return p.seriesName + ': ' + p.value[1] + ' ms at ' + p.value[0] + ' s';
    } };
    o.series = spec.series.map(function (s, i) {
      return { type: 'scatter', name: s.name, data: s.points, symbolSize: s.name === 'ok' ? 3 : 4,
        large: true, largeThreshold: 5000, progressive: 0, itemStyle: { color: colorOf(s.name, i), opacity: 0.6 },
        markArea: i === 0 ? faultArea(spec.faults) : undefined };
    });
    if (spec.marks && spec.marks.length) {
      o.series.push({ type: 'scatter', name: 'anomaly', data: spec.marks, symbol: 'diamond', symbolSize: 11, z: 5,
        itemStyle: { color: '#111827', borderColor: '#fff', borderWidth: 1 },
        tooltip: { formatter: function (p) { return 'anomaly ' + p.value[2] + ': ' + p.value[1] + ' ms at ' + p.value[0] + ' s'; } } });
    }
    return o;
  }

  function lines(spec) {
    var o = base(spec);
    if (spec.xCategories) {
      o.xAxis = { type: 'category', data: spec.xCategories, name: spec.xName, nameLocation: 'middle', nameGap: 28 };
      o.dataZoom = undefined;
      o.grid.bottom = 40;
    }
    o.series = spec.series.map(function (s, i) {
      // ECharts 5.3 stacks the first numeric dimension: a stacked series puts y first (encoded back)
      var stacked = spec.stack && !spec.xCategories;
      return { type: 'line', name: s.name,
        data: stacked ? s.points.map(function (p) { return [p[1], p[0]]; }) : s.points,
        encode: stacked ? { x: 1, y: 0 } : undefined, showSymbol: !!spec.xCategories, symbolSize: 6,
        sampling: spec.xCategories ? undefined : 'lttb', connectNulls: false,
        stack: spec.stack ? 'total' : undefined, areaStyle: spec.stack ? { opacity: 0.55 } : undefined,
        lineStyle: { width: spec.stack ? 1 : 1.6 }, itemStyle: { color: colorOf(s.name, i) },
        markArea: i === 0 ? faultArea(spec.faults) : undefined };
    });
    return o;
  }

  function heatmap(spec) {
    // coloured by the square root, so that a cool partition still shows beside a hot one; the tooltip says the value
    var cells = spec.cells.map(function (c) { return [c[0], c[1], Math.sqrt(c[2]), c[2]]; });
    return {
      animation: false,
      textStyle: TEXT,
      tooltip: { confine: true, formatter: function (p) {
        return escapeHtml(spec.rows[p.value[1]]) + ' at ' + spec.columns[p.value[0]] + ' s: ' + p.value[3] + ' ' + spec.unit;
      } },
      grid: { left: 64, right: 28, top: 16, bottom: 84, containLabel: true },
      xAxis: { type: 'category', data: spec.columns.map(String), name: spec.xName, nameLocation: 'middle', nameGap: 26,
        splitArea: { show: false } },
      yAxis: { type: 'category', data: spec.rows, inverse: true, axisLabel: { fontSize: 10 } },
      visualMap: { min: 0, max: spec.max > 0 ? Math.sqrt(spec.max) : 1, dimension: 2, calculable: false, orient: 'horizontal', left: 'center',
        bottom: 4, itemHeight: 180, itemWidth: 12, text: [(spec.max > 0 ? spec.max : 0) + ' ' + spec.unit + ' (square-root scale)', '0'],
        inRange: { color: ['#f4f6fb', '#b9d0f0', '#5b8fd9', '#f0a531', '#d9443f'] } },
      series: [{ type: 'heatmap', data: cells, progressive: 0 }]
    };
  }

  function bars(spec) {
    var catAxis = { type: 'category', data: spec.categories,
      axisLabel: { color: function (v) { return v === spec.highlight ? SCAN : TEXT.color; },
        fontWeight: 'bold' } };
    var valAxis = { type: 'value', name: spec.horizontal ? spec.xName : spec.yName, nameLocation: 'middle', nameGap: 30 };
    return {
      animation: false,
      textStyle: TEXT,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      legend: { top: 4 },
      grid: { left: 64, right: 28, top: 40, bottom: 40, containLabel: true },
      xAxis: spec.horizontal ? valAxis : catAxis,
      yAxis: spec.horizontal ? catAxis : valAxis,
      series: spec.series.map(function (s, i) {
        return { type: 'bar', name: s.name, data: s.values, stack: spec.stack ? 'total' : undefined, barMaxWidth: 36,
          color: s.name === spec.highlight ? SCAN : colorOf(s.name, i), // the legend's colour: the bars' own
          itemStyle: { color: s.name === spec.highlight ? SCAN : function (p) {
            return p.name === spec.highlight ? (i === 0 ? SCAN : '#ef9a97') : colorOf(s.name, i);
          } } };
      })
    };
  }

  function graph(spec) {
    // The nodes are placed on a circle on hidden axes, not by layout 'circular': that one bends every edge
    // toward the centre, so a -> b and b -> a (a two-operation cycle) would be drawn on top of each other;
    // and not by layout 'none' alone, which cannot scale two nodes on a line.
    var n = spec.nodes.length;
    var hidden = { show: false, min: -1.5, max: 1.5 };
    return {
      animation: false,
      textStyle: TEXT,
      tooltip: { confine: true, formatter: function (p) {
        return p.dataType === 'edge' ? escapeHtml(p.data.from + ' → ' + p.data.to + ' (' + p.data.text + '): ' + p.data.because)
          : escapeHtml(p.data.label.formatter);
      } },
      grid: { left: 40, right: 40, top: 30, bottom: 30 },
      xAxis: Object.assign({ type: 'value' }, hidden),
      yAxis: Object.assign({ type: 'value' }, hidden),
      series: [{
        type: 'graph', coordinateSystem: 'cartesian2d', roam: false,
        symbolSize: 18, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 11,
        itemStyle: { color: '#3b6fd8' },
        label: { show: true, position: 'bottom', distance: 8, fontSize: 12 },
        edgeLabel: { show: true, fontSize: 12, color: '#8a2f2c', formatter: function (p) { return p.data.text; } },
        lineStyle: { color: '#52607a', width: 1.6, opacity: 0.9, curveness: 0.25 },
        data: spec.nodes.map(function (node, i) {
          var angle = Math.PI + 2 * Math.PI * i / n;
          return { name: node.id, value: [Math.cos(angle), Math.sin(angle)], label: { formatter: node.label } };
        }),
        links: spec.edges.map(function (e) {
          return { source: e.from, target: e.to, from: e.from, to: e.to, text: e.label, because: e.because };
        })
      }]
    };
  }

  function timeline(spec) {
    var outcomes = ['ok', 'fail', 'info', 'pending'];
    var rows = spec.ops.map(function (op) {
      return [op.row, op.start, op.end, outcomes.indexOf(op.outcome), op.involved ? 1 : 0];
    });
    return {
      animation: false,
      textStyle: TEXT,
      tooltip: { confine: true, formatter: function (p) {
        var op = spec.ops[p.dataIndex];
        return spec.rows[op.row] + ' · line ' + op.index + '<br>' + op.outcome + ' ' + escapeHtml(op.label) + '<br>'
          + op.start.toFixed(6) + ' – ' + op.end.toFixed(6) + ' s';
      } },
      grid: { left: 64, right: 28, top: 16, bottom: 56, containLabel: true },
      xAxis: { type: 'value', scale: true, name: spec.xName, nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: spec.rows, inverse: true },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
        { type: 'slider', xAxisIndex: 0, height: 14, bottom: 6, filterMode: 'weakFilter' }],
      series: [{
        type: 'custom', data: rows, encode: { x: [1, 2], y: 0 },
        renderItem: function (params, api) {
          var op = spec.ops[params.dataIndex];
          var start = api.coord([api.value(1), api.value(0)]);
          var end = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.62;
          var cs = params.coordSys;
          var shape = echarts.graphic.clipRectByRect(
            { x: start[0], y: start[1] - h / 2, width: Math.max(2, end[0] - start[0]), height: h },
            { x: cs.x, y: cs.y, width: cs.width, height: cs.height });
          if (!shape) { return null; }
          var children = [{ type: 'rect', shape: shape, style: {
            fill: OUTCOME[op.outcome], opacity: op.involved ? 1 : 0.45,
            stroke: op.involved ? '#111827' : null, lineWidth: op.involved ? 2 : 0 } }];
          var chars = Math.floor((shape.width - 6) / 6.2);
          if (chars >= 3 && op.label) {
            children.push({ type: 'text', style: { text: op.label.length > chars ? op.label.slice(0, chars - 1) + '…' : op.label,
              x: shape.x + 3, y: shape.y + shape.height / 2, verticalAlign: 'middle', fontSize: 10,
              fill: op.involved ? '#fff' : '#1f2633', fontWeight: op.involved ? 'bold' : 'normal' } });
          }
          return { type: 'group', children: children };
        }
      }]
    };
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  var BUILDERS = { scatter: scatter, lines: lines, heatmap: heatmap, bars: bars, graph: graph, timeline: timeline };

  function height(spec, div) {
    if (spec.type === 'heatmap') { return Math.min(900, Math.max(220, spec.rows.length * 16 + 120)); }
    if (spec.type === 'timeline') { return Math.min(900, Math.max(200, spec.rows.length * 28 + 90)); }
    if (spec.type === 'graph') { return spec.nodes.length <= 2 ? 260 : Math.min(640, Math.max(360, spec.nodes.length * 40 + 120)); }
    if (spec.type === 'bars' && spec.horizontal) { return Math.max(200, spec.categories.length * 44 + 110); }
    return div.classList.contains('tall') ? 420 : 320;
  }

  var divs = Array.prototype.slice.call(document.querySelectorAll('.chart'));
  var remaining = divs.length;
  window.keystormCharts = {};
  function finished() {
    remaining -= 1;
    if (remaining === 0) { ready(); }
  }
  function ready() {
    window.keystormReadyMillis = performance.now(); // since navigation start: the page's open time
    window.keystormReady = true;
  }
  if (remaining === 0) { ready(); }
  divs.forEach(function (div) {
    var name = div.getAttribute('data-chart');
    var spec = data.charts[name];
    var build = spec && BUILDERS[spec.type];
    if (!build) {
      div.textContent = 'no data for chart ' + name;
      div.classList.add('empty');
      finished();
      return;
    }
    div.style.height = height(spec, div) + 'px';
    var chart = echarts.init(div, null, { renderer: 'canvas' });
    var once = false;
    chart.on('finished', function () {
      if (!once) { once = true; finished(); }
    });
    chart.setOption(build(spec));
    window.keystormCharts[name] = chart;
  });
  var resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Object.keys(window.keystormCharts).forEach(function (k) { window.keystormCharts[k].resize(); });
    }, 100);
  });
})();
