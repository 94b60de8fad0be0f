// A loopback port for a test to start a server on, or to find nothing listening on.
import { createServer } from 'node:net';

/** A loopback port nothing listens on (taken from the system and given back). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
