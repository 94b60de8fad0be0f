import { escapeHtml, jsonForScript } from './html-escape.ts';

/** What `offlineHtmlPage` puts in a page. */
export interface OfflinePage {
  /** `lang` of the page, and `dir` when the page's language needs it said. */
  readonly lang: string;
  readonly dir?: string;
  /** The page's title (escaped here). */
  readonly title: string;
  /** The page's CSS, inline. */
  readonly style: string;
  /** Whether the policy also allows `data:` images (the report and map pages have always allowed them; the portfolio page not). */
  readonly dataImages: boolean;
  /** The trusted HTML inside `<main>`, as is. */
  readonly main: string;
  /** The document embedded as `<script type="application/json" id="…">`: the same JSON `--json` prints. */
  readonly dataId: string;
  readonly data: unknown;
}

/**
 * One self-contained HTML page, the frame of the report, portfolio and map files: no script runs and
 * nothing loads (the Content-Security-Policy forbids it; styles are inline), and the page's document is
 * embedded as JSON for tools that read the file.
 *
 * @example
 * offlineHtmlPage({ lang: 'en', title: 'Report', style: STYLE, dataImages: false, main: '<h1>Report</h1>', dataId: 'report-data', data: report });
 */
export function offlineHtmlPage(page: OfflinePage): string {
  const policy = `default-src 'none'; style-src 'unsafe-inline'${page.dataImages ? '; img-src data:' : ''}`;
  return `<!doctype html>
<html lang="${page.lang}"${page.dir === undefined ? '' : ` dir="${page.dir}"`}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
<main>${page.main}</main>
<script type="application/json" id="${page.dataId}">${jsonForScript(page.data)}</script>
</body>
</html>
`;
}
