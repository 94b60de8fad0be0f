import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest token `serve` accepts: a guessable token on an API that reads CRM data is no protection. */
export const MIN_TOKEN_LENGTH = 16;

/** Checks `Authorization: Bearer <token>` headers against one token, in constant time. */
export interface BearerCheck {
  (authorization: string | undefined): boolean;
}

/**
 * A checker for the API token. Both sides are hashed before the comparison, so neither the length
 * nor a prefix of the token leaks through timing.
 *
 * @example
 * const check = bearerCheck(token);
 * if (!check(request.headers.authorization)) reply.code(401);
 */
export function bearerCheck(token: string): BearerCheck {
  const expected = createHash('sha256').update(token).digest();
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const given = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest();
    return timingSafeEqual(given, expected) && match !== null;
  };
}
