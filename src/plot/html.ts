import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec } from 'vega';
import { PLOT_FONT_FAMILY } from './fonts.js';

/**
 * An interactive page that works offline: Vega's browser build (the `vega` package's vega.min.js, ~0.5 MB) and
 * its license are inlined, and so is the figure as a compiled Vega spec with its data, so Vega-Lite is not needed
 * in the page. Open it in any browser, attach it to a mail or a wiki.
 */
export interface PageContent {
  title: string;
  /** one line per curve: its label and run folders, listed under the figure */
  runs: { label: string; dirs: string[] }[];
  spec: Spec;
}

export function interactivePage(content: PageContent): string {
  const vega = vegaBrowserBuild();
  const runs = content.runs.map((r) => `<li>${escapeHtml(r.label)}: ${r.dirs.map((d) => `<code>${escapeHtml(d)}</code>`).join(', ')}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(content.title)}</title>
<style>
body { font-family: ${PLOT_FONT_FAMILY}; color: #222; margin: 16px; }
.hint, li { font-size: 13px; }
.hint { color: #555; }
</style>
</head>
<body>
<div id="plot"></div>
<p class="hint">Drag to pan, scroll to zoom, double-click to reset. Click a legend entry to single out its curve
(shift-click for more, double-click the plot to show all). Hover a curve for its values.
<button id="save-png">Save PNG</button> <button id="save-svg">Save SVG</button></p>
<ul>
${runs}
</ul>
<script>
/* vega ${vega.version}, inlined so the page works offline. Its license:
${vega.license}*/
${vega.code}
</script>
<script type="application/json" id="spec">${jsonForScript(content.spec)}</script>
<script>
const spec = JSON.parse(document.getElementById('spec').textContent);
const view = new vega.View(vega.parse(spec), { renderer: 'svg', container: '#plot', hover: true });
view.runAsync();
for (const type of ['png', 'svg']) {
  document.getElementById('save-' + type).addEventListener('click', async () => {
    const link = document.createElement('a');
    link.href = await view.toImageURL(type, type === 'png' ? 2 : 1);
    link.download = 'plot.' + type;
    link.click();
  });
}
</script>
</body>
</html>
`;
}

function vegaBrowserBuild(): { code: string; license: string; version: string } {
  const build = dirname(createRequire(import.meta.url).resolve('vega'));
  const pkg = JSON.parse(readFileSync(join(build, '..', 'package.json'), 'utf8')) as { version: string };
  return {
    code: readFileSync(join(build, 'vega.min.js'), 'utf8'),
    license: readFileSync(join(build, '..', 'LICENSE'), 'utf8'),
    version: pkg.version,
  };
}

/** JSON that cannot end its <script> element early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
