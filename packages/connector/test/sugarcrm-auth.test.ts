// The Sugar sandbox's OAuth2 and API versions, driven with axios as the connector's Sugar adapter will.
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { startSugarSandbox, type SugarSandbox } from '@crm-journey/sandbox';
import { connectSugar, passwordGrant, testClock, type SugarErrorBody, type SugarToken } from './sugarcrm-support.ts';

let sugar: SugarSandbox | undefined;
afterEach(async () => {
  await sugar?.close();
  sugar = undefined;
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  axios.post<SugarToken & SugarErrorBody>(url, body, { validateStatus: () => true, headers });

describe('Sugar sandbox: OAuth2', () => {
  it('grants tokens for the password grant with Sugar’s lifetimes and fields', async () => {
    sugar = await startSugarSandbox({ username: 'sally', password: 'Zażółć-1' });
    const response = await post(`${sugar.url}/rest/v11/oauth2/token`, passwordGrant(sugar));
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      access_token: expect.any(String) as string,
      expires_in: 3600,
      token_type: 'bearer',
      scope: null,
      refresh_token: expect.any(String) as string,
      refresh_expires_in: 1_209_600,
      download_token: expect.any(String) as string,
    });
    const me = await axios.get<{ current_user: { user_name: string } }>(`${sugar.url}/rest/v11/me`, {
      headers: { 'OAuth-Token': response.data.access_token },
    });
    expect(me.data.current_user.user_name).toBe('sally');
  });

  it('answers bad logins, clients, platforms and grants with Sugar’s errors', async () => {
    sugar = await startSugarSandbox({});
    const url = `${sugar.url}/rest/v11/oauth2/token`;
    const bad = await post(url, { ...passwordGrant(sugar), password: 'wrong' });
    expect([bad.status, bad.data]).toEqual([
      401,
      { error: 'need_login', error_message: 'You must specify a valid username and password.' },
    ]);
    const platform = await post(url, passwordGrant(sugar, 'my-integration'));
    expect([platform.status, platform.data]).toEqual([
      422,
      { error: 'invalid_parameter', error_message: 'EXCEPTION_INVALID_PLATFORM' },
    ]);
    const client = await post(url, { ...passwordGrant(sugar), client_id: 'other' });
    expect([client.status, client.data.error]).toEqual([400, 'invalid_client']);
    const refresh = await post(url, {
      grant_type: 'refresh_token',
      refresh_token: 'nope',
      client_id: 'sugar',
      client_secret: '',
    });
    expect([refresh.status, refresh.data]).toEqual([
      400,
      { error: 'invalid_grant', error_message: 'Invalid refresh token' },
    ]);
    expect(bad.headers['cache-control']).toBe('no-store');
  });

  it('accepts a form-encoded token request and registered custom platforms', async () => {
    sugar = await startSugarSandbox({ platforms: ['my-integration'] });
    const form = new URLSearchParams(passwordGrant(sugar, 'my-integration')).toString();
    const response = await post(`${sugar.url}/rest/v11/oauth2/token`, form, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
  });

  it('tells a missing token (need_login) from an unknown one and an expired one (invalid_grant)', async () => {
    const clock = testClock();
    sugar = await startSugarSandbox({ now: clock.now });
    const url = `${sugar.url}/rest/v11/Accounts`;
    const get = (token?: string) =>
      axios.get<SugarErrorBody>(url, { validateStatus: () => true, headers: token ? { 'OAuth-Token': token } : {} });
    expect((await get()).data).toEqual({ error: 'need_login', error_message: 'No valid authentication for user.' });
    expect((await get('not-a-token')).data).toEqual({
      error: 'invalid_grant',
      error_message: 'The access token provided is invalid.',
    });
    const { access_token: token } = (await post(`${sugar.url}/rest/v11/oauth2/token`, passwordGrant(sugar))).data;
    expect((await get(token)).status).toBe(200);
    clock.advance(3600 * 1000);
    const expired = await get(token);
    expect([expired.status, expired.data]).toEqual([
      401,
      { error: 'invalid_grant', error_message: 'The access token provided has expired.' },
    ]);
  });

  it('refreshes an expired session once per refresh token', async () => {
    const clock = testClock();
    sugar = await startSugarSandbox({ now: clock.now });
    const client = await connectSugar(sugar);
    const firstRefresh = client.token.refresh_token;
    clock.advance(3601 * 1000);
    const response = await client.http.get('/Accounts');
    expect([response.status, client.refreshes]).toEqual([200, 1]);
    const reused = await post(`${sugar.url}/rest/v11/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: firstRefresh,
      client_id: 'sugar',
      client_secret: '',
    });
    expect([reused.status, reused.data.error]).toEqual([400, 'invalid_grant']);
    clock.advance((1_209_600 + 1) * 1000);
    const late = await post(`${sugar.url}/rest/v11/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: client.token.refresh_token,
      client_id: 'sugar',
      client_secret: '',
    });
    expect(late.data).toEqual({ error: 'invalid_grant', error_message: 'Refresh token has expired' });
  });

  it('ends the previous session of a user on the same platform, and on logout', async () => {
    sugar = await startSugarSandbox({});
    const url = `${sugar.url}/rest/v11/oauth2/token`;
    const first = (await post(url, passwordGrant(sugar))).data.access_token;
    const mobile = (await post(url, passwordGrant(sugar, 'mobile'))).data.access_token;
    const second = (await post(url, passwordGrant(sugar))).data.access_token;
    const ping = (token: string) =>
      axios.get<unknown>(`${sugar?.url ?? ''}/rest/v11/ping`, {
        validateStatus: () => true,
        headers: { 'OAuth-Token': token },
      });
    expect((await ping(first)).status).toBe(401);
    expect((await ping(mobile)).data).toBe('pong');
    expect((await ping(second)).data).toBe('pong');
    const logout = await post(`${sugar.url}/rest/v11/oauth2/logout`, {}, { 'OAuth-Token': second });
    expect(logout.data).toEqual({ success: true });
    expect((await ping(second)).status).toBe(401);
  });
});

describe('Sugar sandbox: API versions', () => {
  it('serves v10 to v11_23 and answers other versions with 301 incorrect_version', async () => {
    sugar = await startSugarSandbox({});
    const { access_token: token } = (await post(`${sugar.url}/rest/v11_4/oauth2/token`, passwordGrant(sugar))).data;
    const get = (version: string) =>
      axios.get<SugarErrorBody>(`${sugar?.url ?? ''}/rest/${version}/Accounts`, {
        validateStatus: () => true,
        maxRedirects: 0,
        headers: { 'OAuth-Token': token },
      });
    for (const version of ['v10', 'v11', 'v11_4', 'v11_23']) expect((await get(version)).status).toBe(200);
    for (const version of ['v9', 'v11_24', 'v12']) {
      const response = await get(version);
      expect([response.status, response.data]).toEqual([
        301,
        {
          error: 'incorrect_version',
          error_message: 'Please change your requested API version to value between 10 and 11.23.',
        },
      ]);
    }
    const unknown = await axios.get<SugarErrorBody>(`${sugar.url}/rest/v11/Widgets/filter`, {
      validateStatus: () => true,
      headers: { 'OAuth-Token': token },
    });
    expect([unknown.status, unknown.data.error]).toEqual([404, 'no_method']);
  });
});
