/** The dashboard's stylesheet, served as /dashboard/assets/dashboard.css (a file of its own: the CSP allows no inline style). */
export const DASHBOARD_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d8dce4; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf;
  --good: #1a7f37; --bad: #b42318; --warn-bg: #fff4d6; --warn: #8a5a00; font: 14px/1.45 system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; padding: .6rem 1.25rem;
  background: #10284d; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0; }
header nav { display: flex; gap: .25rem; }
header nav a { color: #dbe6ff; padding: .35rem .7rem; border-radius: 4px; text-decoration: none; }
header nav a[aria-current="page"] { background: #fff; color: #10284d; font-weight: 600; }
header form { margin-left: auto; display: flex; gap: .4rem; align-items: center; }
header input { width: 14rem; }
main { padding: 1rem 1.25rem 3rem; max-width: 1400px; }
main:focus { outline: none; }
h2 { font-size: 1.2rem; margin: .2rem 0 .8rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .5rem; }
h4 { font-size: .9rem; margin: .8rem 0 .3rem; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a400; outline-offset: 2px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem;
  margin: 0 0 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 1rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .3rem 0; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th:first-child, td:first-child, th.text, td.text, td:has(> .text), td:has(> code) { text-align: left; }
thead th { font-size: .8rem; color: var(--muted); font-weight: 600; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
.muted { color: var(--muted); }
.small { font-size: .8rem; }
.good { color: var(--good); }
.bad { color: var(--bad); }
.warning { background: var(--warn-bg); color: var(--warn); border: 1px solid #f0cf7a; border-radius: 4px;
  padding: .4rem .7rem; margin: .4rem 0; }
.error { background: #fde8e6; color: var(--bad); border: 1px solid #f4b8b1; border-radius: 4px; padding: .4rem .7rem; }
.status { display: inline-block; padding: 0 .45rem; border-radius: 9px; font-size: .8rem; background: #e6e9ef; }
.status-running, .status-ok, .status-ready { background: #d6f5dd; color: var(--good); }
.status-stopped, .status-down, .status-unavailable { background: #fde8e6; color: var(--bad); }
.status-degraded, .status-draft { background: var(--warn-bg); color: var(--warn); }
button { font: inherit; padding: .25rem .7rem; border: 1px solid #9aa4b5; border-radius: 4px; background: #fff; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
input, select, textarea { font: inherit; padding: .2rem .35rem; border: 1px solid #9aa4b5; border-radius: 3px; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: .5rem 0; }
form.admin label { display: inline-flex; gap: .3rem; align-items: center; margin: .2rem .8rem .2rem 0; }
form.admin .variant { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; padding: .2rem 0; }
form.admin .variant input[name="weights"] { width: 22rem; }
figure { margin: .5rem 0; }
figcaption { font-weight: 600; margin-bottom: .2rem; }
svg.chart { background: #fff; border: 1px solid var(--line); max-width: 100%; height: auto; }
svg.chart text { font-size: 11px; fill: var(--muted); }
svg.chart .axis { stroke: #9aa4b5; }
svg.chart .grid { stroke: #eceef2; }
svg.chart circle:focus { outline: none; stroke: #f0a400; stroke-width: 3; }
details summary { cursor: pointer; color: var(--accent); font-size: .85rem; }
.legend { display: flex; flex-wrap: wrap; gap: .8rem; font-size: .8rem; margin: .2rem 0; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .25rem; vertical-align: -1px; }
.s0 { background: #1f5fbf; fill: #1f5fbf; stroke: #1f5fbf; } .s1 { background: #d9480f; fill: #d9480f; stroke: #d9480f; }
.s2 { background: #2b8a3e; fill: #2b8a3e; stroke: #2b8a3e; } .s3 { background: #862e9c; fill: #862e9c; stroke: #862e9c; }
.s4 { background: #c2255c; fill: #c2255c; stroke: #c2255c; } .s5 { background: #0b7285; fill: #0b7285; stroke: #0b7285; }
svg.chart path.line { fill: none; stroke-width: 2; }
svg.chart .diagonal { stroke: #9aa4b5; stroke-dasharray: 4 3; }
.tooltip { min-height: 2.6rem; font-size: .85rem; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .3rem 0; }
.kv dt { color: var(--muted); } .kv dd { margin: 0; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`;
