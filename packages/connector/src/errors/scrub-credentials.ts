// Credentials that are recognisable without knowing them: access tokens (`00D...!...`), bearer headers,
// credential pairs in form bodies and JSON, PEM private keys, JWTs.
const CREDENTIAL_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted]'],
  [/00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, '[redacted]'],
  [/Bearer\s+[A-Za-z0-9._~+/!=-]+/gi, 'Bearer [redacted]'],
  [/\b(refresh_token|access_token|assertion|client_secret|password)=[^&\s"\\]+/gi, '$1=[redacted]'],
  // JSON, and JSON inside a JSON string (a gateway quoting the request body in its error message).
  [
    /\\?"(refresh_token|access_token|accessToken|refreshToken|assertion|client_secret|password)\\?"\s*:\s*\\?"(?:[^"\\]|\\.)*?\\?"/gi,
    '"$1":"[redacted]"',
  ],
  [/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '[redacted]'],
];

/** Shortest value treated as a secret: shorter ones ("x", "1") would censor ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Every spelling of `secret` a CRM or gateway may echo: as is, JSON-escaped (PHP escapes `/` too), URL- and form-encoded. */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  return [secret, json, json.replaceAll('/', '\\/'), url, url.replaceAll('%20', '+'), url.toLowerCase()];
}

/**
 * Removes credentials from a text a CRM sent back (an error body, a message): every spelling of the
 * given secrets, and anything that looks like a credential. Used on every CRM error body before it
 * goes into a {@link ConnectorError} message or cause.
 *
 * @example
 * scrubCredentials('{"error_message":"bad: password=hunter22"}', ['hunter22']); // '... password=[redacted]'
 */
export function scrubCredentials(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const forms = secrets
    .filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH)
    .flatMap(spellings)
    .sort((a, b) => b.length - a.length);
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
