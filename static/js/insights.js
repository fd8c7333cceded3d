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
