import { existsSync } from 'node:fs';
import { UsageError } from '../cli/cli-context.ts';

/** The part of playwright the PDF needs. */
interface Playwright {
  readonly chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<{
      newPage(): Promise<{
        route(pattern: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>;
        setContent(html: string, options: { waitUntil: 'load' }): Promise<void>;
        pdf(options: {
          format: string;
          landscape: boolean;
          printBackground: boolean;
          preferCSSPageSize: boolean;
        }): Promise<Uint8Array>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

/**
 * Prints the map's HTML to an A3 landscape PDF with headless Chromium, through playwright loaded only
 * now: it is a development dependency, so an installation without it (or without Chromium) gets a
 * message saying what to install instead of a crash at start-up. Chromium is found as the tests find
 * it (chromium-launch.ts): `CHROMIUM_PATH`, else `/usr/bin/chromium`.
 */
export async function printMapPdf(html: string): Promise<Uint8Array> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new UsageError(
      `crm-journey map: --format pdf needs Chromium, and ${executablePath} does not exist; install it (apt-get install chromium) or set CHROMIUM_PATH, or write --format html and print it from a browser.`,
    );
  let playwright: Playwright;
  try {
    // A specifier in a variable: playwright is the repo's development dependency, not the CLI's.
    const specifier = 'playwright';
    playwright = (await import(specifier)) as Playwright;
  } catch (cause) {
    throw new UsageError(
      'crm-journey map: --format pdf needs the playwright package (npm install playwright); or write --format html and print it from a browser.',
      { cause },
    );
  }
  const browser = await playwright.chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    // Offline like the file itself: the map loads nothing, so any request is refused.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A3', landscape: true, printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
