import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../../../src/define.ts';
import { b2bStages } from '../../../src/test-fixtures/b2b-stages.ts';
import { atRiskRussianState } from '../../../src/test-fixtures/journey-states.ts';
import { createModel, createSidecarApp, mountDashlet } from './sidecar-harness.ts';

// The dashlet for a Russian-speaking Sugar user: the panel bundle carries English only, so the dashlet adds
// the Russian locale script the package installed under custom/include/javascript/ (served by the browser
// project beside the Sugar sandbox: scripts/sugar-sandbox-plugin.ts) and the panel renders again in Russian.

const { app } = createSidecarApp('/sugar/rest/v11_23', 'seed_sally_id', { language: 'ru_RU' });
let accountId = '';

beforeAll(async () => {
  await app.api.login('admin', 'asdf');
  accountId = await new Promise<string>((resolve, reject) => {
    app.api.call(
      'create',
      app.api.buildURL('Accounts'),
      {
        name: atRiskRussianState.customer.name,
        journey_stage_c: atRiskRussianState.stage,
        journey_state_c: JSON.stringify(atRiskRussianState),
      },
      {
        success: (body) => {
          resolve((body as { id: string }).id);
        },
        error: reject,
      },
    );
  });
  Object.assign(window, { cjJourneyStages: { 'salesforce-b2b': b2bStages } });
});

afterEach(() => document.querySelector('[data-dashlet]')?.remove());

describe('the Sugar dashlet in a language other than English', () => {
  it('loads that language’s locale script once and renders the panel in it', async () => {
    for (let mount = 0; mount < 2; mount++) {
      const container = document.createElement('div');
      container.dataset['dashlet'] = '';
      document.body.append(container);
      await mountDashlet(app, 'Accounts', createModel({ id: accountId }), container);
      await expect.element(page.getByRole('heading', { name: 'Путь клиента' })).toBeVisible();
      await expect.element(page.getByRole('button', { name: /, Этап 4 из 7, текущий этап$/ })).toBeVisible();
      container.remove();
    }
    const scripts = [...document.querySelectorAll('script[data-cj-journey-locale]')].map(
      (script) => (script as HTMLScriptElement).src,
    );
    expect(scripts).toEqual([`${location.origin}/sugar/custom/include/javascript/cj-journey-panel.ru.js`]);
  });
});
