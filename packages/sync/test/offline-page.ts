import type { Page } from 'playwright';

/** What an offline page reported while it was open; both lists stay live as the test goes on. */
export interface OfflinePageWatch {
  /** Console errors and warnings, uncaught page errors and dialogs (`dialog: <message>`; each one dismissed). */
  readonly problems: string[];
  /** Every request for anything but a `file:` URL: each was refused, so a page that needs one shows broken. */
  readonly requests: string[];
}

/**
 * Opens a written file (a report, a map) in `page` as a reader offline would, refusing every request but
 * `file:` URLs and recording what the page complained about, so a test can demand both lists empty.
 *
 * @example
 * const { problems, requests } = await openOffline(await browser.newPage(), pathToFileURL(out).href);
 */
export async function openOffline(page: Page, url: string): Promise<OfflinePageWatch> {
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(url);
  return { problems, requests };
}
