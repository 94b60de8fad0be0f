import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './cli-process.ts';
import { runCliInProcess } from './run-cli-in-process.ts';

describe('crm-journey demo', () => {
  it('refuses a wrong command line with the flag and what it takes', async () => {
    await expect(runCliInProcess(['demo', '--crm', 'hubspot'])).resolves.toEqual({
      code: 2,
      stdout: '',
      stderr: 'crm-journey demo: --crm is salesforce or sugarcrm; got "hubspot".\n',
    });
    const interval = await runCliInProcess(['demo', '--interval', '10 minutes']);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('--interval "10 minutes" is not a duration');
    const customers = await runCliInProcess(['demo', '--customers', 'many']);
    expect(customers.stderr).toContain('--customers takes a whole number from 1 to 100000; got "many"');
  });

  it('comes up as a process, serves the record browser, and stops cleanly on SIGTERM', async () => {
    const { child, exited, output } = spawnCli(
      ['demo', '--customers', '60', '--port', '0', '--interval', '2s', '--no-open'],
      { env: { INIT_CWD: process.cwd() } },
    );
    try {
      const deadline = Date.now() + 20_000;
      while (!output().includes('Press Ctrl-C to stop')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the demo did not start:\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const browserUrl = /Record browser: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output())?.[1] ?? '';
      const statePath = /state in (.+state\.sqlite)\./.exec(await (await fetch(`${browserUrl}/`)).text())?.[1];
      expect(statePath !== undefined && existsSync(statePath)).toBe(true);
      const leads = await fetch(`${browserUrl}/o/Lead`);
      expect(leads.status).toBe(200);
      expect(await leads.text()).toMatch(/\d+ records/);
      // The demo runs the bundled B2B + B2C set: /report is the portfolio overview, linking to each journey's.
      const portfolio = await (await fetch(`${browserUrl}/report`)).text();
      expect(portfolio).toContain('<h2 id="h-portfolio">Portfolio overview</h2>');
      expect(portfolio).toContain('href="/report?journey=salesforce-b2c"');
      const report = await fetch(`${browserUrl}/report?journey=salesforce-b2b`);
      // The report is read from the sandbox through the CRM's API, like `crm-journey report --org`.
      expect(report.status).toBe(200);
      const reportHtml = await report.text();
      expect(reportHtml).toContain('Journey analytics:');
      expect(reportHtml).toContain('<h2 id="h-bottlenecks">Bottlenecks</h2>');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output()).toContain('Demo stopped.');
      expect(existsSync(statePath ?? '')).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
