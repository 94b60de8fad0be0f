import { escapeHtml } from './html-escape.ts';
import { formatShare, htmlTable } from './html-table.ts';
import { offlineHtmlPage } from './offline-html-page.ts';
import type { PortfolioOverview } from './portfolio-overview.ts';

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #181818; }
body { margin: 0 auto; max-width: 1400px; padding: 1.5rem; line-height: 1.45; }
h2 { margin-top: 2rem; border-bottom: 2px solid #0b5cab; padding-bottom: .2rem; }
.meta { color: #555; margin-top: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .86rem; width: 100%; }
caption { text-align: start; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #d8dde6; padding: .25rem .45rem; text-align: start; vertical-align: top; }
thead th { background: #f3f3f3; } .num { text-align: end; font-variant-numeric: tabular-nums; }
`;

/**
 * The portfolio overview as an HTML section: customers per journey (with their share and conversion), the
 * customers per stage of each journey, and the moves between journeys in the period. `links` gives, per
 * journey id, where its own report or map is (shown as a link beside its name).
 */
function portfolioSection(overview: PortfolioOverview, links: Readonly<Record<string, string>> = {}): string {
  const name = (id: string): string => overview.journeys.find((journey) => journey.id === id)?.name ?? id;
  const journeys = htmlTable(
    'portfolio-journeys',
    'Customers per journey',
    [
      { field: 'journey', header: 'Journey' },
      { field: 'root', header: 'Customer record' },
      { field: 'customers', header: 'Customers', numeric: true },
      { field: 'share', header: 'Share', numeric: true },
      { field: 'entered', header: 'Stage entries in the period', numeric: true },
      { field: 'conversion', header: 'Conversion', numeric: true },
    ],
    [
      ...overview.journeys.map((journey) => ({
        key: journey.id,
        cells: [
          journey.name,
          journey.root,
          String(journey.customers),
          formatShare(journey.share),
          String(journey.entered),
          formatShare(journey.conversion),
        ],
      })),
      { key: '', cells: ['In no journey', '', String(overview.inNoJourney), '', '', ''] },
    ],
  );
  const stages = overview.journeys
    .map((journey) =>
      htmlTable(
        `portfolio-stages-${journey.id}`,
        `${journey.name}: customers per stage`,
        [
          { field: 'stage', header: 'Stage' },
          { field: 'now', header: 'Customers now', numeric: true },
        ],
        journey.stages.map((stage) => ({ key: stage.stage, cells: [stage.label, String(stage.now)] })),
      ),
    )
    .join('\n');
  const moves =
    overview.moves.length === 0
      ? '<p>No customer moved between journeys in the period.</p>'
      : htmlTable(
          'portfolio-moves',
          'Moves between journeys in the period',
          [
            { field: 'from', header: 'From' },
            { field: 'to', header: 'To' },
            { field: 'count', header: 'Customers', numeric: true },
          ],
          overview.moves.map((move) => ({
            key: `${move.from}>${move.to}`,
            cells: [name(move.from), name(move.to), String(move.count)],
          })),
        );
  const linked = overview.journeys
    .filter((journey) => links[journey.id] !== undefined)
    .map((journey) => `<li><a href="${escapeHtml(links[journey.id] ?? '')}">${escapeHtml(journey.name)}</a></li>`);
  return `<section aria-labelledby="h-portfolio"><h2 id="h-portfolio">Portfolio overview</h2>
<p class="meta">${overview.customers} customers in ${overview.journeys.length} journeys, ${overview.inNoJourney} in none; period ${escapeHtml(overview.period.from.slice(0, 10))} to ${escapeHtml(overview.period.to.slice(0, 10))}.</p>
${linked.length === 0 ? '' : `<nav aria-label="Journeys"><ul>${linked.join('')}</ul></nav>`}
${journeys}
${stages}
${moves}
<h3>How the numbers are defined</h3><ul>${overview.definitions.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
</section>`;
}

/**
 * The portfolio overview as a whole offline page (no script, nothing loaded), with its JSON embedded as
 * `<script type="application/json" id="portfolio-data">`.
 *
 * @example
 * writeFileSync('report.html', renderPortfolioHtml(overview, 'Journey set report', { b2b: 'report-b2b.html' }));
 */
export function renderPortfolioHtml(
  overview: PortfolioOverview,
  title: string,
  links: Readonly<Record<string, string>> = {},
): string {
  return offlineHtmlPage({
    lang: 'en',
    title,
    style: STYLE,
    dataImages: false,
    main: `\n<h1>${escapeHtml(title)}</h1>\n${portfolioSection(overview, links)}\n`,
    dataId: 'portfolio-data',
    data: overview,
  });
}
