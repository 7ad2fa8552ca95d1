/**
 * The dashboard's one HTML page: a header with the views' links and the admin key field, and the
 * view itself, which the browser modules render (src/dashboard/app/main.ts). No inline script or
 * style (the CSP allows neither); every module is preloaded so the first view needs one round trip.
 */

/** Where the page and its assets are served. */
export const DASHBOARD_PATH = '/dashboard';
/** Where its stylesheet and modules are. */
export const ASSETS_PATH = `${DASHBOARD_PATH}/assets`;

/** The page, preloading `modules` (file names of the browser modules). */
export function dashboardPage(modules: readonly string[]): string {
  const preload = modules
    .filter((name) => name !== 'main.js')
    .map((name) => `<link rel="modulepreload" href="${ASSETS_PATH}/${name}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>multirank dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS_PATH}/dashboard.css">
<script type="module" src="${ASSETS_PATH}/main.js"></script>
${preload}
</head>
<body>
<header>
<h1>multirank</h1>
<nav id="nav" aria-label="Dashboard views">
<a href="#/experiments">Experiments</a>
<a href="#/models">Models</a>
<a href="#/tradeoff">Trade-off</a>
<a href="#/live">Live</a>
</nav>
<form id="admin-key-form" aria-label="Admin key">
<label for="admin-key">Admin key</label>
<input id="admin-key" name="admin-key" type="password" autocomplete="off" placeholder="for create, change, stop, activate">
<span id="admin-key-state" class="small" aria-live="polite"></span>
</form>
</header>
<main id="main" tabindex="-1"><p>Loading…</p></main>
<noscript><p>The dashboard needs JavaScript; the same figures are in the JSON routes (/v1/experiments, /v1/models).</p></noscript>
</body>
</html>
`;
}
