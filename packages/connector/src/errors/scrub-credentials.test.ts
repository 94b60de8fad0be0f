import { expect, it } from 'vitest';
import { scrubCredentials } from './scrub-credentials.ts';

const SECRET = 'P4ss/w0rd "quoted" & more';

it.each([
  ['as is', `bad login: ${SECRET}`],
  ['JSON-escaped', `bad login: ${JSON.stringify(SECRET)}`],
  ['JSON-escaped by PHP', `bad login: ${JSON.stringify(SECRET).replaceAll('/', '\\/')}`],
  ['URL-encoded', `bad login: ${encodeURIComponent(SECRET)}`],
  ['form-encoded', `bad login: ${new URLSearchParams({ pw: SECRET }).toString()}`],
])('removes a known secret %s', (_name, text) => {
  const scrubbed = scrubCredentials(text, [SECRET]);
  expect(scrubbed).toContain('[redacted]');
  expect(scrubbed).not.toContain('P4ss');
});

it('removes credential pairs it does not know, in forms and in JSON quoted inside JSON', () => {
  expect(scrubCredentials('grant_type=password&password=unknown123&user=a')).toBe(
    'grant_type=password&password=[redacted]&user=a',
  );
  expect(scrubCredentials('echo: {\\"client_secret\\":\\"s3cr\\\\/et\\",\\"a\\":1}')).toBe(
    'echo: {"client_secret":"[redacted]",\\"a\\":1}',
  );
  expect(scrubCredentials('token 00Dxx0000000001!AQ4AQabc.def')).toBe('token [redacted]');
});

it('leaves short values and ordinary text alone', () => {
  expect(scrubCredentials('the stage is x', ['x', ''])).toBe('the stage is x');
});
