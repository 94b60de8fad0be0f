/** Shortest value treated as a secret: shorter ones ("x", "1") would censor ordinary text. */
const MIN_SECRET_LENGTH = 6;

// Credentials that are recognisable without knowing them: bearer headers, Salesforce session ids,
// JWTs, PEM private keys, and `password=...`-style pairs in URLs and form bodies.
const SECRET_PATTERNS: readonly RegExp[] = [
  /Bearer\s+[A-Za-z0-9._~+/!=-]+/gi,
  /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g,
  /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b(refresh_token|access_token|client_secret|password|assertion)=[^&\s"\\]+/gi,
];

/** The secrets a process knows (tokens, passwords); log lines are censored against them. */
export class SecretSet {
  readonly #values = new Set<string>();

  /** Adds secrets; empty and very short values are ignored. */
  add(...values: readonly (string | undefined)[]): void {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      this.#values.add(value);
      // A log line is JSON: the secret may appear with its quotes and backslashes escaped.
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value) this.#values.add(escaped);
    }
  }

  /** Known secrets, longest first (so a secret containing another is censored whole). */
  values(): readonly string[] {
    return [...this.#values].sort((a, b) => b.length - a.length);
  }
}

/**
 * Replaces every known secret and every recognisable credential in `text` with `[redacted]`.
 *
 * @example
 * scrubLine('token=abc123secret', secrets); // 'token=[redacted]' when secrets holds abc123secret
 */
export function scrubLine(text: string, secrets: SecretSet): string {
  let out = text;
  for (const secret of secrets.values()) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  for (const pattern of SECRET_PATTERNS)
    out = out.replace(pattern, (match, key: unknown) =>
      typeof key === 'string' ? `${key}=[redacted]` : match.startsWith('Bearer') ? 'Bearer [redacted]' : '[redacted]',
    );
  return out;
}
