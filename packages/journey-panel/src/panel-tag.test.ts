import { html, render } from 'lit';
import { expect, it } from 'vitest';
import { PANEL_TAG } from './panel-tag.ts';

it('renders with Lit in real Chromium', () => {
  const host = document.createElement('div');
  document.body.append(host);
  render(html`<p role="status">${PANEL_TAG}</p>`, host);
  expect(host.querySelector('[role="status"]')?.textContent).toBe('cj-journey-panel');
  expect(navigator.userAgent).toContain('Chrome');
});
