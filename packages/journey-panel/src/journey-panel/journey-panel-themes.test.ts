import { afterEach, describe, expect, inject, it } from 'vitest';
import { cdp, page } from 'vitest/browser';
import '../define.ts';
import { b2bStages, b2bStagesFa, b2bStagesRu } from '../test-fixtures/b2b-stages.ts';
import { atRiskRussianState, overdueEnterpriseState, persianOnboardingState } from '../test-fixtures/journey-states.ts';
import { cleanupPanels, expectNoAxeViolations, mountPanel, shadowOf } from '../test-fixtures/mount-panel.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The repository root, provided by the workspace's Vitest config (it owns docs/). */
    readonly repoRoot: string;
  }
}

// Screenshots land in the repository's docs/images; the README shows them.
const IMAGES = `${inject('repoRoot')}/docs/images`;

function brandButtonColour(panel: HTMLElement): string {
  const button = panel.shadowRoot?.querySelector('.button.brand');
  if (!button) throw new Error('no brand button');
  return getComputedStyle(button).backgroundColor;
}

/** Chromium's DevTools protocol; vitest types the session only when its Playwright types are loaded. */
function devtools(): { send(method: string, params: object): Promise<unknown> } {
  return cdp() as unknown as { send(method: string, params: object): Promise<unknown> };
}

afterEach(cleanupPanels);

describe('themes', () => {
  it('renders the Lightning theme by default', async () => {
    await page.viewport(912, 1100);
    const panel = await mountPanel({ state: overdueEnterpriseState, stages: b2bStages }, { lang: 'en' });
    expect(panel.theme).toBe('lightning');
    expect(brandButtonColour(panel)).toBe('rgb(1, 118, 211)');
    expect(getComputedStyle(panel).fontFamily).toMatch(/^"Salesforce Sans"/);
    await expectNoAxeViolations(panel);
    await page.screenshot({ path: `${IMAGES}/panel-lightning.png`, element: panel.parentElement ?? panel });
  });

  it('renders the Sugar theme with theme="sugar"', async () => {
    await page.viewport(912, 1100);
    const panel = await mountPanel(
      { state: atRiskRussianState, stages: b2bStagesRu, ownerNames: { seed_sally_id: 'Салли Брукс' } },
      { lang: 'ru-RU', theme: 'sugar', 'user-id': '005000000000001AAA' },
      { background: '#ffffff' },
    );
    expect(brandButtonColour(panel)).toBe('rgb(6, 121, 200)');
    expect(getComputedStyle(panel).fontFamily).toMatch(/^Inter/);
    await expectNoAxeViolations(panel);
    await page.screenshot({ path: `${IMAGES}/panel-sugar.png`, element: panel.parentElement ?? panel });
  });

  it('takes colours from --cj-* custom properties', async () => {
    const panel = await mountPanel({ state: overdueEnterpriseState, stages: b2bStages });
    panel.style.setProperty('--cj-color-accent', 'rgb(10, 20, 30)');
    expect(brandButtonColour(panel)).toBe('rgb(10, 20, 30)');
    expect(shadowOf(panel).querySelectorAll('[part~="stage"]')).toHaveLength(7);
  });

  it('stays readable on a dark background (color-scheme: dark)', async () => {
    const panel = await mountPanel(
      { state: overdueEnterpriseState, stages: b2bStages },
      { lang: 'en', style: 'color-scheme: dark' },
      { background: '#16161a' },
    );
    expect(getComputedStyle(panel).color).toBe('rgb(243, 243, 243)');
    await expectNoAxeViolations(panel);
  });

  it('turns animation off for prefers-reduced-motion', async () => {
    const panel = await mountPanel({ status: 'loading' });
    const bar = shadowOf(panel).querySelector('.skeleton span');
    if (!bar) throw new Error('no skeleton');
    expect(getComputedStyle(bar).animationName).toBe('shimmer');
    await devtools().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-reduced-motion', value: 'reduce' }],
    });
    try {
      expect(getComputedStyle(bar).animationName).toBe('none');
    } finally {
      await devtools().send('Emulation.setEmulatedMedia', { features: [] });
    }
  });
});

describe('right to left', () => {
  it('renders Persian right to left with Persian digits and the Persian calendar', async () => {
    await page.viewport(912, 1100);
    const panel = await mountPanel({ state: persianOnboardingState, stages: b2bStagesFa }, { lang: 'fa' });
    const base = shadowOf(panel).querySelector('[part="base"]');
    expect(base?.getAttribute('dir')).toBe('rtl');
    await expect.element(page.getByRole('heading', { level: 2, name: 'مسیر مشتری' })).toBeVisible();
    await expect.element(page.getByText('۵۰ روز در این مرحله')).toBeVisible();
    // The stage track starts at the right edge.
    const first = shadowOf(panel).querySelector('.stop-button[data-index="0"]')?.getBoundingClientRect();
    const last = shadowOf(panel).querySelector('.stop-button[data-index="6"]')?.getBoundingClientRect();
    expect(first?.left).toBeGreaterThan(last?.left ?? Infinity);
    await expectNoAxeViolations(panel);
    await page.screenshot({ path: `${IMAGES}/panel-rtl-fa.png`, element: panel.parentElement ?? panel });
  });

  it('takes the language and direction from the document when the host sets none', async () => {
    document.documentElement.lang = 'fa-IR';
    const panel = await mountPanel({ state: persianOnboardingState, stages: b2bStagesFa });
    expect(shadowOf(panel).querySelector('[part="base"]')?.getAttribute('dir')).toBe('rtl');
    document.documentElement.lang = 'pl-PL';
    await expect.poll(() => shadowOf(panel).querySelector('[part="base"]')?.getAttribute('dir')).toBe('ltr');
    await expect.element(page.getByRole('heading', { level: 2, name: 'Ścieżka klienta' })).toBeVisible();
  });

  it('mirrors the arrow keys on the stage track', async () => {
    const panel = await mountPanel({ state: persianOnboardingState, stages: b2bStagesFa }, { lang: 'fa' });
    const current = shadowOf(panel).querySelector<HTMLElement>('[aria-current="step"]');
    current?.focus();
    current?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, composed: true }));
    await panel.updateComplete;
    await panel.updateComplete;
    expect(shadowOf(panel).activeElement?.getAttribute('data-index')).toBe('5');
  });
});
