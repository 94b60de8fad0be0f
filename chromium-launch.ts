// How every real-Chromium run in the repo starts the browser: the panel's browser test project
// (vitest.config.ts), the report and demo tests in packages/sync/test, and the benches. A root file,
// not a package export, so the vitest config can import it before any export condition applies.

/** What playwright's `chromium.launch` needs to start Debian's Chromium headless and offline. */
export interface ChromiumLaunchOptions {
  readonly executablePath: string;
  readonly args: string[];
}

/**
 * `CHROMIUM_PATH` or Debian's `/usr/bin/chromium` (scripts/bootstrap.cjs installs it), with the flags
 * that keep it quiet on a machine with no outside network. A fresh object per call, so no caller can
 * change another's flags.
 * @example const browser = await chromium.launch(chromiumLaunchOptions());
 */
export function chromiumLaunchOptions(): ChromiumLaunchOptions {
  return {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}
