/**
 * Every spelling a gateway may echo a secret in, and that a log, an error or a file may keep: as is,
 * JSON-escaped (with and without escaped slashes, and twice), and URL-encoded (path and form).
 */
export function secretSpellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    json,
    json.replaceAll('/', '\\/'),
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ];
}
