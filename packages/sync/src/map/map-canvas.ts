import type { JourneyMap, MapStage } from '@crm-journey/connector';
import { escapeHtml } from '../report/html-escape.ts';
import { emotionCurveSvg } from './emotion-curve.ts';
import { mapCell, type MapFormat } from './map-cells.ts';
import type { MapPanel } from './map-session.ts';

/** The stage columns of a panel: the current map's stages, with the future's new ones after their predecessor. */
function columns(panel: MapPanel): string[] {
  const ids = panel.current.stages.map((stage) => stage.stage);
  let after = -1;
  for (const stage of panel.future?.stages ?? []) {
    const at = ids.indexOf(stage.stage);
    if (at >= 0) after = at;
    else ids.splice(++after, 0, stage.stage);
  }
  return ids;
}

const find = (map: JourneyMap | null, id: string): MapStage | undefined =>
  map?.stages.find((stage) => stage.stage === id);

/**
 * One canvas as a table: a column per stage, a row per lane (two rows, current and future, when
 * comparing, with the cells that differ marked), and the emotion curve across the columns.
 */
export function mapCanvas(
  panel: MapPanel,
  labels: { readonly current: string; readonly future: string | null },
  f: MapFormat,
  id: string,
): string {
  const ids = columns(panel);
  const { labels: words } = f;
  const label = (stage: string): string => (find(panel.current, stage) ?? find(panel.future, stage))?.label ?? stage;
  const versions = panel.future
    ? [
        { key: 'current', name: labels.current, map: panel.current },
        { key: 'future', name: labels.future ?? '', map: panel.future },
      ]
    : [{ key: 'current', name: labels.current, map: panel.current }];
  const head = `<thead><tr><th scope="col" class="lane">${escapeHtml(words.stage)}</th>${ids.map((stage) => `<th scope="col" data-stage="${escapeHtml(stage)}">${escapeHtml(label(stage))}</th>`).join('')}</tr></thead>`;
  const rows = panel.current.lanes.flatMap((lane) => {
    const cells = versions.map((version) =>
      ids.map((stage) => {
        const found = find(version.map, stage);
        return found ? mapCell(lane, found, f) : `<p class="none">${escapeHtml(words.notInVersion)}</p>`;
      }),
    );
    return versions.map((version, v) => {
      const header =
        versions.length === 1
          ? escapeHtml(words.lanes[lane])
          : `${escapeHtml(words.lanes[lane])}<span class="version">${escapeHtml(version.name)}</span>`;
      const tds = ids.map((stage, i) => {
        const changed = versions.length > 1 && cells[0]?.[i] !== cells[1]?.[i];
        const mark = changed && v === 1 ? `<span class="mark">≠ ${escapeHtml(words.changed)}</span>` : '';
        return `<td data-lane="${lane}" data-stage="${escapeHtml(stage)}" data-version="${version.key}"${changed ? ' class="changed"' : ''}>${mark}${cells[v]?.[i] ?? ''}</td>`;
      });
      return `<tr data-lane="${lane}" data-version="${version.key}" class="lane-${lane}${v === versions.length - 1 ? ' last' : ''}"><th scope="row">${header}</th>${tds.join('')}</tr>`;
    });
  });
  const curve = emotionCurveSvg(
    ids,
    versions.map((version) => ({ name: version.name, stages: version.map.stages, dashed: version.key === 'future' })),
    f,
    words.dir === 'rtl',
  );
  rows.splice(
    panel.current.lanes.indexOf('emotion') * versions.length + versions.length,
    0,
    `<tr class="curve-row"><th scope="row">${escapeHtml(words.curve)}</th><td colspan="${ids.length}">${curve}</td></tr>`,
  );
  const map = panel.current;
  const caption = `${map.segmentLabel}: ${f.number(map.customers)} ${words.customers}`;
  return `<table class="canvas" id="${escapeHtml(id)}" data-segment="${escapeHtml(map.segment ?? '')}"><caption>${escapeHtml(caption)}</caption>${head}<tbody>${rows.join('')}</tbody></table>`;
}
