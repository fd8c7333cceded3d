// The insight charts: each chart's numbers come from the page (a json_script block, the
// same numbers as the table under it) and are drawn by Chart.js, vendored in static/.
// Stances keep the colours they have everywhere in the app.

const data = JSON.parse(document.getElementById("insights-data").textContent);
const style = getComputedStyle(document.documentElement);
const colour = (stance) => style.getPropertyValue(`--${stance}`).trim() || "#888";
const ink = style.getPropertyValue("--ink-soft").trim() || "#555";
const line = style.getPropertyValue("--line").trim() || "#ddd";
const LABELS = { warning: "Warning", reassurance: "Reassurance", policy: "Policy" };
// The height of one bar of a horizontal chart, in pixels.
const BAR = 28;

for (const chart of data) {
  const canvas = document.getElementById(`chart-${chart.name}`);
  if (!canvas || !chart.rows.length) continue;
  const horizontal = chart.name !== "over_time";
  if (horizontal) canvas.parentElement.style.height = `${Math.max(160, chart.rows.length * BAR + 70)}px`;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.rows.map((row) => row.label),
      datasets: chart.stances.map((stance) => ({
        label: LABELS[stance] ?? stance,
        data: chart.rows.map((row) => row.counts[stance]),
        backgroundColor: colour(stance),
        borderWidth: 0,
        maxBarThickness: 48,
      })),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, ticks: { color: ink }, grid: { color: line } },
        y: { stacked: true, ticks: { color: ink, precision: 0 }, grid: { color: line } },
      },
      plugins: { legend: { labels: { color: ink } } },
    },
  });
}

// A speaker's dated roles, on the same periods as their timeline: one floating bar each.
const timeline = data.find((chart) => chart.name === "over_time");
const rolesCanvas = document.getElementById("chart-roles");
if (timeline?.roles?.length && rolesCanvas) {
  const periods = timeline.rows.map((row) => row.label);
  rolesCanvas.parentElement.hidden = false;
  rolesCanvas.parentElement.style.height = `${Math.max(90, timeline.roles.length * BAR + 50)}px`;
  new window.Chart(rolesCanvas, {
    type: "bar",
    data: {
      labels: timeline.roles.map((role) => role.label),
      datasets: [
        {
          label: "Role",
          data: timeline.roles.map((role) => [role.from - 0.4, role.to + 0.4]),
          backgroundColor: line,
          borderColor: ink,
          borderWidth: 1,
        },
      ],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          min: -0.5,
          max: periods.length - 0.5,
          ticks: { color: ink, stepSize: 1, callback: (value) => periods[value] ?? "" },
          grid: { color: line },
        },
        y: { ticks: { color: ink } },
      },
      plugins: { legend: { display: false } },
    },
  });
}
