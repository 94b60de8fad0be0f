import { spawn } from 'node:child_process';

/**
 * Opens a URL in the desktop's browser (`open` on macOS, `xdg-open` elsewhere) and never fails: on a
 * machine without one the printed URL is enough.
 */
export function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : 'xdg-open';
  if (command === 'xdg-open' && process.env['DISPLAY'] === undefined && process.env['WAYLAND_DISPLAY'] === undefined)
    return;
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser to open: the URL is printed.
  }
}
