import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL the tests create their databases on. */
    postgresAdminUrl: string;
  }
}

/**
 * Vitest global setup of the node project: a throwaway PostgreSQL cluster for the whole session
 * (unless `CJ_TEST_DATABASE_URL` names one), stopped and removed in teardown, even when tests fail.
 */
export async function setup(project: TestProject): Promise<() => void> {
  const given = process.env['CJ_TEST_DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('postgresAdminUrl', given);
    return () => undefined;
  }
  const postgres = await startThrowawayPostgres();
  // Vitest killed by a signal skips teardown: the exit hook still stops the server.
  const onExit = (): void => {
    postgres.stop();
  };
  process.once('exit', onExit);
  project.provide('postgresAdminUrl', postgres.url);
  return () => {
    process.off('exit', onExit);
    postgres.stop();
  };
}
