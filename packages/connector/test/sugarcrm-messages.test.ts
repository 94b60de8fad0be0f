// What the Sugar connector says when the instance rate-limits the login, or cannot be reached: a rate
// limit is named as a rate limit (not as a wrong password), an unreachable CRM as unreachable.
import { createServer } from 'node:net';
import { isConnectorError, type CrmConnector } from '@crm-journey/connector';
import { connectSugar } from '@crm-journey/connector/sugarcrm';
import { parseFaultSpec, startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { afterEach, describe, expect, it } from 'vitest';

let sandbox: SugarSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const fast = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

async function failure(work: Promise<unknown>): Promise<{ code: string; message: string; actions: string }> {
  try {
    await work;
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    return { code: error.code, message: error.message, actions: error.actions.join(' ') };
  }
  throw new Error('expected a failure');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('Sugar connector messages', () => {
  it('names a login answered 429 as a rate limit, after retrying it', async () => {
    sandbox = await startSugarSandbox({
      faults: { seed: 'login-429', rules: parseFaultSpec('rate-limited:1@/oauth2/token') },
    });
    const { code, message, actions } = await failure(
      connectSugar({ url: sandbox.url, username: sandbox.username, password: sandbox.password, ...fast }),
    );
    expect(code).toBe('CRM_LIMIT_EXCEEDED');
    expect(message).toMatch(/rate-limited the login 3 times/);
    expect(`${message} ${actions}`).not.toMatch(/password|username/i);
    expect(sandbox.faults?.injected.length).toBe(3);
  });

  it('logs in when a rate-limited login succeeds on a retry', async () => {
    sandbox = await startSugarSandbox({
      faults: { seed: 'login-429-once', rules: parseFaultSpec('rate-limited:0.5@/oauth2/token') },
    });
    const connector = await connectSugar({
      url: sandbox.url,
      username: sandbox.username,
      password: sandbox.password,
      maxAttempts: 8,
      baseDelayMs: 5,
      maxDelayMs: 20,
    });
    expect(sandbox.faults?.injected.length).toBeGreaterThan(0);
    await connector.close();
  });

  it('names a CRM that does not answer at start as unreachable', async () => {
    const url = `http://127.0.0.1:${String(await closedPort())}`;
    const { code, message, actions } = await failure(connectSugar({ url, username: 'u', password: 'p', ...fast }));
    expect(code).toBe('CRM_UNREACHABLE');
    expect(message).toContain(`SugarCRM at ${url} is unreachable`);
    expect(message).toContain('ECONNREFUSED');
    expect(actions).toMatch(/reachable/);
  });

  it('names a CRM that vanishes mid-run as unreachable, and closing does not blame the logout', async () => {
    sandbox = await startSugarSandbox({});
    const connector: CrmConnector = await connectSugar({
      url: sandbox.url,
      username: sandbox.username,
      password: sandbox.password,
      ...fast,
    });
    await sandbox.close();
    sandbox = undefined;
    const { code, message } = await failure(connector.orgId?.() ?? Promise.resolve());
    expect(code).toBe('CRM_UNREACHABLE');
    expect(message).toMatch(/unreachable/);
    await expect(connector.close()).resolves.toBeUndefined();
  });
});
