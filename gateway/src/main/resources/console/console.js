"use strict";
// Portcullis ops console: reads /console/api/* (same origin, read-only) and draws it. No library, no network beyond
// this server: the charts are hand-drawn SVG.
(function () {
  const REFRESH_MS = 5000;
  const WINDOW_MS = 15 * 60 * 1000;
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#2563eb", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#9333ea", "#0f766e", "#b45309"];
  const FIXED = {
    forwarded: "#1f8a4c", gateway: "#0891b2", "5xx": "#c62828", cancelled: "#9aa1ad", "401": "#d97706",
    "403": "#e11d48", "404": "#6b7385", "429": "#7c3aed", p50: "#2563eb", p99: "#c62828"
  };

  function color(name, index) {
    return FIXED[name] || PALETTE[index % PALETTE.length];
  }

  function el(tag, attrs, ...children) {
    const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) {
        node.setAttribute(key, value);
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  async function getJson(path) {
    const response = await fetch(path, {cache: "no-store", headers: {Accept: "application/json"}});
    if (!response.ok) {
      throw new Error(path + ": HTTP " + response.status);
    }
    return response.json();
  }

  /** A round axis maximum: 1, 2 or 5 times a power of ten. */
  function niceMax(value) {
    if (!(value > 0)) {
      return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * power) {
        return step * power;
      }
    }
    return 10 * power;
  }

  function formatNumber(value) {
    if (value >= 100) {
      return Math.round(value).toString();
    }
    return Number(value.toPrecision(2)).toString();
  }

  function clock(ms) {
    const time = new Date(ms);
    return String(time.getHours()).padStart(2, "0") + ":" + String(time.getMinutes()).padStart(2, "0");
  }

  /** An instant from the API, to the second, in the browser's time zone: 2026-12-05 14:03:07. */
  function when(iso) {
    if (!iso) {
      return "";
    }
    const time = new Date(iso);
    const two = n => String(n).padStart(2, "0");
    return time.getFullYear() + "-" + two(time.getMonth() + 1) + "-" + two(time.getDate()) + " " + two(time.getHours())
      + ":" + two(time.getMinutes()) + ":" + two(time.getSeconds());
  }

  /**
   * One line chart over the last 15 minutes. series: [{name, points: [[timeMs, value|null]...]}]. The figure carries
   * data-points: how many samples with a value were drawn (the browser test reads it).
   */
  function lineChart(figure, title, unit, suffix, series, now) {
    const width = 400, height = 160, left = 34, right = 8, top = 8, bottom = 20;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const start = now - WINDOW_MS;
    const values = series.flatMap(s => s.points.map(p => p[1])).filter(v => v !== null);
    const max = niceMax(Math.max(0, ...values));
    const x = t => left + Math.max(0, Math.min(1, (t - start) / WINDOW_MS)) * plotWidth;
    const y = v => top + plotHeight - (v / max) * plotHeight;
    const svg = el("svg:svg", {class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title});
    // 5 steps for a maximum of 5 or 2.5 times a power of ten (whole ticks), else 4
    const leading = max / Math.pow(10, Math.floor(Math.log10(max)));
    const steps = leading === 5 || leading === 2.5 ? 5 : 4;
    for (let i = 0; i <= steps; i++) {
      const value = (max * i) / steps;
      svg.append(el("svg:line", {class: "grid", x1: left, x2: width - right, y1: y(value), y2: y(value)}));
      svg.append(el("svg:text", {class: "axis", x: left - 4, y: y(value) + 3, "text-anchor": "end"}, formatNumber(value)));
    }
    for (let minutes = 15; minutes >= 0; minutes -= 5) {
      const t = now - minutes * 60000;
      svg.append(el("svg:text", {class: "axis", x: x(t), y: height - 5, "text-anchor": minutes === 15 ? "start" : minutes === 0 ? "end" : "middle"},
        minutes === 0 ? "now" : clock(t)));
    }
    let drawn = 0;
    series.forEach((s, index) => {
      const stroke = color(s.name, index);
      let run = [];
      const flush = () => {
        if (run.length === 1) {
          svg.append(el("svg:circle", {cx: run[0][0], cy: run[0][1], r: 2.2, fill: stroke}));
        } else if (run.length > 1) {
          svg.append(el("svg:polyline", {class: "series", stroke, points: run.map(p => p.join(",")).join(" ")}));
        }
        run = [];
      };
      for (const [t, v] of s.points) {
        if (v === null) {
          flush();
        } else {
          run.push([x(t).toFixed(1), y(v).toFixed(1)]);
          drawn++;
          if (v > 0) {
            svg.append(el("svg:circle", {cx: x(t).toFixed(1), cy: y(v).toFixed(1), r: 1.6, fill: stroke}));
          }
        }
      }
      flush();
    });
    if (values.length === 0 || values.every(v => v === 0)) {
      svg.append(el("svg:text", {class: "empty", x: left + plotWidth / 2, y: top + plotHeight / 2, "text-anchor": "middle"},
        "no " + title.toLowerCase() + " in the last 15 minutes"));
    }
    const legend = el("div", {class: "legend"});
    series.forEach((s, index) => {
      const swatch = el("i");
      swatch.style.background = color(s.name, index);
      const peak = s.points.map(p => p[1]).filter(v => v !== null).reduce((a, b) => Math.max(a, b), -1);
      legend.append(el("span", {title: "highest sample in the last 15 minutes"}, swatch,
        s.name + (peak < 0 ? "" : " (max " + formatNumber(peak) + suffix + ")")));
    });
    figure.replaceChildren(el("figcaption", {}, title + " ", el("span", {class: "muted"}, unit)), svg, legend);
    figure.dataset.points = String(drawn);
    figure.dataset.series = series.map(s => s.name).join(",");
  }

  /** One series per key seen in any sample; a sample without the key counts 0 (nothing happened then). */
  function seriesOf(samples, field) {
    const names = [...new Set(samples.flatMap(s => Object.keys(s[field])))].sort();
    return names.map(name => ({name, points: samples.map(s => [Date.parse(s.at), s[field][name] || 0])}));
  }

  function drawTraffic(traffic) {
    const samples = traffic.samples;
    const now = samples.length ? Date.parse(samples[samples.length - 1].at) : Date.now();
    document.getElementById("traffic-note").textContent =
      "last 15 minutes, one sample every " + traffic.intervalSeconds + " s (" + samples.length + " samples)";
    lineChart(document.getElementById("chart-requests"), "Requests", "per second, by outcome", "/s", seriesOf(samples, "requests"), now);
    lineChart(document.getElementById("chart-latency"), "Upstream latency", "ms, of proxied requests", " ms", [
      {name: "p50", points: samples.map(s => [Date.parse(s.at), s.p50Ms])},
      {name: "p99", points: samples.map(s => [Date.parse(s.at), s.p99Ms])}], now);
    lineChart(document.getElementById("chart-refusals"), "Refusals", "per second, by reason", "/s", seriesOf(samples, "refusals"), now);
    lineChart(document.getElementById("chart-throttle"), "Throttle decisions", "per second, by scope", "/s", seriesOf(samples, "throttle"), now);
    lineChart(document.getElementById("chart-upstream"), "Upstream errors", "per second, by reason", "/s", seriesOf(samples, "upstreamErrors"), now);
  }

  function drawPolicy(policy) {
    const rows = policy.routes.map((route, index) => el("tr", {"data-route": route.id},
      el("td", {class: "muted"}, index + 1),
      el("td", {}, el("strong", {}, route.id)),
      el("td", {class: "mono"}, el("ul", {}, ...route.paths.map(path => el("li", {}, path)))),
      el("td", {class: "mono"}, route.permission),
      el("td", {class: "mono"}, el("ul", {}, ...Object.entries(route.methods).map(([method, permission]) =>
        el("li", {}, method + ": " + permission)))),
      el("td", {class: "mono"}, el("ul", {}, ...route.throttle.map(t => el("li", {}, t.scope + (t.rate ? " " + t.rate : " (no rate)"))))),
      el("td", {class: "mono"}, route.upstream)));
    document.querySelector("#routes tbody").replaceChildren(...rows);
    document.getElementById("usernames").replaceChildren(...policy.users.map(name => el("option", {value: name})));
    document.getElementById("summary").textContent = policy.routes.length + " routes, " + policy.users.length
      + " users, authentication " + policy.authentication.join(" → ") + "; policy loaded " + when(policy.loadedAt);
  }

  /** "policy.yaml:12:5: message": the position stands out, as an editor would show it. */
  function problem(text) {
    const match = /^([^:\s]+:\d+:\d+): (.*)$/s.exec(text);
    return match ? el("li", {}, el("span", {class: "position"}, match[1]), ": " + match[2]) : el("li", {}, text);
  }

  function drawReload(sources) {
    document.getElementById("reload").replaceChildren(...sources.map(source => {
      const stale = source.errors.length > 0;
      return el("div", {class: "reload-source", "data-source": source.source, "data-stale": String(stale)},
        el("span", {class: "badge " + (stale ? "stale" : "up")}, stale ? "STALE" : "UP"), " ",
        el("strong", {}, source.source), " ",
        el("span", {class: "muted"}, "serving since " + when(source.loadedAt)
          + (stale ? "; newest edit refused at " + when(source.refusedAt) + ", the last good one keeps serving" : "")),
        stale ? el("ul", {class: "problems"}, ...source.errors.map(problem)) : null);
    }));
  }

  async function explain(form) {
    const data = new FormData(form);
    const query = new URLSearchParams({method: data.get("method"), path: data.get("path")});
    if (data.get("user")) {
      query.set("user", data.get("user"));
    }
    const result = await getJson("api/explain?" + query);
    const status = document.getElementById("explain-status");
    status.textContent = result.status;
    status.className = "status s" + String(result.status).charAt(0);
    document.getElementById("explain-reason").textContent = result.reason;
    document.getElementById("explain-route").textContent = result.routeId ? "route " + result.routeId : "no route";
    document.getElementById("explain-steps").textContent = result.steps.join("\n");
    document.getElementById("explain-result").hidden = false;
  }

  async function refresh() {
    const [policy, reload, traffic] = await Promise.all([getJson("api/policy"), getJson("api/reload"), getJson("api/traffic")]);
    drawPolicy(policy);
    drawReload(reload);
    drawTraffic(traffic);
    document.body.dataset.loaded = "true";
  }

  function showError(error) {
    document.getElementById("summary").textContent = "cannot read the gateway: " + error.message;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("explain-form");
    form.addEventListener("submit", event => {
      event.preventDefault();
      explain(form).catch(showError);
    });
    // /console/?method=DELETE&path=/api/posts/1&user=alice fills the form and explains: a link to an explanation
    const given = new URLSearchParams(location.search);
    if (given.get("path")) {
      form.elements.method.value = given.get("method") || "GET";
      form.elements.path.value = given.get("path");
      form.elements.user.value = given.get("user") || "";
      explain(form).catch(showError);
    }
    refresh().catch(showError);
    setInterval(() => refresh().catch(showError), REFRESH_MS);
  });
})();
