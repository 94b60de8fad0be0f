import { MAP_DEFINITIONS, REPORT_DEFINITIONS } from '@crm-journey/connector';
import { escapeHtml } from '../report/html-escape.ts';
import { offlineHtmlPage } from '../report/offline-html-page.ts';
import { mapCanvas } from './map-canvas.ts';
import { mapFormat } from './map-cells.ts';
import { mapLabels, type MapLocale } from './map-labels.ts';
import type { MapDocument } from './map-session.ts';

/** The canvas's CSS, shared by the map file and the report's map section. */
export const MAP_STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, 'Segoe UI', 'Vazirmatn', sans-serif; color: #181818; }
.map { margin: 0; padding: 1rem; line-height: 1.35; font-size: 13px; }
.map h1 { font-size: 1.5rem; margin: 0 0 .2rem; } .map .meta { color: #4a4a4a; margin: 0 0 .8rem; }
.canvas { border-collapse: separate; border-spacing: 3px; table-layout: fixed; width: 100%; margin-bottom: 1.5rem; }
.canvas caption { text-align: start; font-weight: 700; font-size: 1.1rem; padding: .3rem 0; }
.canvas th, .canvas td { vertical-align: top; text-align: start; padding: .35rem .5rem; border-radius: 4px; overflow-wrap: anywhere; }
.canvas thead th { background: #0b5cab; color: #fff; font-size: 1rem; }
.canvas thead th.lane, .canvas tbody th { width: 9.5rem; background: #e5eef8; color: #0b2e4f; }
.canvas td { background: #f7f8fa; border: 1px solid #dfe3ea; }
.canvas tr.lane-pain-points td { background: #fdf0ee; } .canvas tr.lane-opportunities td { background: #eef8f0; }
.canvas tr[data-version="future"] td { border-style: dashed; }
.canvas .version { display: block; font-weight: 400; font-size: .8rem; color: #3d3d3d; }
.canvas td.changed { outline: 2px solid #a86403; background: #fff6e0; }
.canvas .mark { display: block; font-weight: 700; color: #7a4500; font-size: .8rem; }
.canvas ul { margin: 0; padding-inline-start: 1rem; } .canvas p { margin: 0; }
.canvas .none { color: #5c5c5c; } .canvas .sub { font-weight: 600; margin-top: .2rem; }
.canvas .bar { display: flex; height: .6rem; border-radius: 3px; overflow: hidden; margin-bottom: .25rem; background: #ddd; }
.bar .pos { background: #2e844a; } .bar .neu { background: #a0a0a0; } .bar .neg { background: #ba0517; }
.curve-row td { background: #fff; padding: 0; } .curve { display: block; }
.curve line.zero { stroke: #c9c9c9; } .curve line.current { stroke: #0b5cab; stroke-width: 3; }
.curve line.future { stroke: #7a4500; stroke-width: 2.5; } .curve circle.current { fill: #0b5cab; } .curve circle.future { fill: #7a4500; }
.multiples { display: grid; grid-template-columns: 1fr; gap: .5rem; } .multiples.small .canvas { font-size: 11px; }
.definitions { font-size: .8rem; color: #333; }
.map-form { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; padding: .6rem 1rem; background: #f3f6fa; font-size: 14px; }
.map-form label { display: flex; flex-direction: column; gap: .15rem; font-weight: 600; }
.map-form button { padding: .35rem 1rem; background: #0b5cab; color: #fff; border: 0; border-radius: 4px; font-weight: 600; }
`;

/** The map file's page: A3 landscape when printed (not used inside the report, which keeps its own pages). */
const PAGE_STYLE = `
@page { size: A3 landscape; margin: 8mm; }
@media print { .map-form { display: none; } .map { padding: 0; font-size: 10.5px; } .canvas { break-inside: avoid; } .definitions { break-before: page; } }
`;

/** The map's body: title, one canvas per panel, definitions. XHTML-clean, so it also sits inside SVG. */
function mapBody(document: MapDocument, locale: MapLocale): string {
  const labels = mapLabels(locale);
  const f = mapFormat(locale, labels);
  const first = document.panels[0]?.current;
  const title = `${labels.title}: ${first?.journey.name ?? ''}`;
  const meta = first
    ? `${first.journey.id} · ${labels.period} ${first.period.from.slice(0, 10)} – ${first.period.to.slice(0, 10)} ${document.futureLabel ? ` · ${document.currentLabel} ↔ ${document.futureLabel}` : ''}`
    : '';
  const canvases = document.panels
    .map((panel, index) =>
      mapCanvas(
        panel,
        { current: document.currentLabel, future: document.futureLabel },
        f,
        `map-${panel.current.segment ?? (index === 0 ? 'all' : 'none')}`,
      ),
    )
    .join('');
  const definitions = [...(first?.definitions ?? MAP_DEFINITIONS), ...REPORT_DEFINITIONS];
  return `<div class="map" lang="${locale}" dir="${labels.dir}"><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(meta)}</p><div class="multiples${document.panels.length > 1 ? ' small' : ''}">${canvases}</div><section class="definitions" lang="en" dir="ltr"><h2>${escapeHtml(labels.definitions)}</h2><ul>${definitions.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section></div>`;
}

/**
 * The map as one self-contained HTML file: no script runs, nothing loads, the same CSP as the report;
 * the document `--json` prints is embedded as `application/json`. `before` is trusted HTML put above
 * the map (the `/map` page's form).
 *
 * @example
 * writeFileSync('map.html', renderMapHtml(document, 'pl'));
 */
export function renderMapHtml(document: MapDocument, locale: MapLocale, before = ''): string {
  const labels = mapLabels(locale);
  const name = document.panels[0]?.current.journey.name ?? '';
  return offlineHtmlPage({
    lang: locale,
    dir: labels.dir,
    title: `${labels.title}: ${name}`,
    style: `${MAP_STYLE}${PAGE_STYLE}`,
    dataImages: true,
    main: `${before}${mapBody(document, locale)}`,
    dataId: 'map-data',
    data: document,
  });
}

/**
 * The map as one SVG file (the HTML canvas inside a `foreignObject`, sized for an A3 landscape page at
 * 96 dpi and as tall as its panels need): opens in browsers and vector editors that render XHTML in SVG.
 */
export function renderMapSvg(document: MapDocument, locale: MapLocale): string {
  const lanes = document.panels[0]?.current.lanes.length ?? 8;
  const rowsPerPanel = (lanes + 1) * (document.panels[0]?.future ? 2 : 1) + 2;
  const height = 160 + document.panels.length * rowsPerPanel * 110 + 400;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1587" height="${height}" viewBox="0 0 1587 ${height}"><foreignObject x="0" y="0" width="1587" height="${height}"><div xmlns="http://www.w3.org/1999/xhtml"><style>${MAP_STYLE}${PAGE_STYLE}</style>${mapBody(document, locale)}</div></foreignObject></svg>\n`;
}
