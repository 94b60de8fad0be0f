// Deploys a Metadata API zip through jsforce (`metadata.deploy` over SOAP, then `checkDeployStatus` with
// details until done) and reports every component: created, changed, unchanged or failed with its
// problem. Deploys are upserts, so running the same package twice changes nothing the second time.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectorError } from '../errors/connector-error.ts';
import { openSalesforceConnection, type ConnectSalesforceOptions } from './connect-salesforce.ts';
import { wrapSalesforceError } from './salesforce-errors.ts';

/** Where a running deploy is, for a progress line. */
export interface DeployProgress {
  readonly status: string;
  readonly deployed: number;
  readonly total: number;
  readonly errors: number;
}

/** What happened to one component of the package. */
export interface DeployedComponent {
  /** `CustomField`, `PermissionSet`, `StaticResource`, `LightningComponentBundle`. */
  readonly type: string;
  readonly fullName: string;
  /** The file in the zip, e.g. `objects/Account.object`. */
  readonly fileName: string;
  readonly outcome: 'created' | 'changed' | 'unchanged' | 'failed';
  /** Failed components: Salesforce's problem text and where in the file. */
  readonly problem?: string;
  readonly line?: number;
  readonly column?: number;
}

/** The end of a deploy. */
export interface DeployMetadataResult {
  /** The deploy id (Setup > Deployment Status shows it too). */
  readonly id: string;
  /** The org's instance URL. */
  readonly instanceUrl: string;
  /** `Succeeded`, `SucceededPartial`, `Failed` or `Canceled`. */
  readonly status: string;
  readonly success: boolean;
  readonly checkOnly: boolean;
  /** Every component but package.xml itself, failures included. */
  readonly components: readonly DeployedComponent[];
}

/** Options of {@link deploySalesforceMetadata}. */
export interface DeployMetadataOptions {
  /** Validate only: Salesforce checks everything and changes nothing. */
  readonly checkOnly?: boolean;
  /** The longest delay between status checks (they start at 250 ms and double); default 5 s. */
  readonly pollIntervalMs?: number;
  /** Give up waiting (the deploy goes on in the org) after this long; default 10 minutes. */
  readonly timeoutMs?: number;
  readonly onProgress?: (progress: DeployProgress) => void;
}

interface RawMessage {
  readonly changed?: boolean;
  readonly created?: boolean;
  readonly componentType?: string | null;
  readonly fullName?: string;
  readonly fileName?: string;
  readonly problem?: string | null;
  readonly lineNumber?: number | null;
  readonly columnNumber?: number | null;
}

function toComponent(message: RawMessage, failed: boolean): DeployedComponent {
  return {
    type: message.componentType ?? '',
    fullName: message.fullName ?? '',
    fileName: message.fileName ?? '',
    outcome: failed
      ? 'failed'
      : message.created === true
        ? 'created'
        : message.changed === true
          ? 'changed'
          : 'unchanged',
    ...(failed && message.problem ? { problem: message.problem } : {}),
    ...(failed && typeof message.lineNumber === 'number' ? { line: message.lineNumber } : {}),
    ...(failed && typeof message.columnNumber === 'number' ? { column: message.columnNumber } : {}),
  };
}

/**
 * Deploys a Metadata API zip (package.xml at its root) into the org the options name, waits for it and
 * returns what happened to each component. All or nothing: one failed component rolls the deploy back.
 *
 * @example
 * const result = await deploySalesforceMetadata({ aliasOrUsername: 'acme' }, zip, { checkOnly: true });
 * result.components.filter((c) => c.outcome === 'failed');
 */
export async function deploySalesforceMetadata(
  connect: ConnectSalesforceOptions,
  zip: Uint8Array,
  options: DeployMetadataOptions = {},
): Promise<DeployMetadataResult> {
  const { connection, secrets } = await openSalesforceConnection(connect);
  const checkOnly = options.checkOnly ?? false;
  const maxInterval = options.pollIntervalMs ?? 5000;
  let interval = Math.min(250, maxInterval);
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let id = '';
  try {
    const started = await connection.metadata.deploy(Buffer.from(zip), {
      checkOnly,
      rollbackOnError: true,
      singlePackage: true,
    });
    id = started.id;
    for (;;) {
      const result = await connection.metadata.checkDeployStatus(id, true);
      options.onProgress?.({
        status: result.status,
        deployed: result.numberComponentsDeployed,
        total: result.numberComponentsTotal,
        errors: result.numberComponentErrors,
      });
      if (result.done) {
        const details = result.details as { componentSuccesses?: RawMessage[]; componentFailures?: RawMessage[] };
        const components = [
          ...(details.componentFailures ?? []).map((message) => toComponent(message, true)),
          ...(details.componentSuccesses ?? []).map((message) => toComponent(message, false)),
        ].filter((component) => component.fullName !== 'package.xml' || component.outcome === 'failed');
        return {
          id,
          instanceUrl: connection.instanceUrl,
          status: result.status,
          success: result.success,
          checkOnly,
          components,
        };
      }
      if (Date.now() + interval > deadline) {
        throw new ConnectorError(
          'CRM_REQUEST_FAILED',
          `The Metadata API deploy ${id} is still ${result.status} after ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s; it goes on in the org.`,
          {
            actions: [
              `Follow it in Setup > Deployment Status (id ${id}), then run the install again to see the result.`,
            ],
          },
        );
      }
      await sleep(interval);
      // Small deploys finish in seconds, big ones in minutes: check early, then less often.
      interval = Math.min(interval * 2, maxInterval);
    }
  } catch (error) {
    throw wrapSalesforceError(
      error,
      id === '' ? 'starting the Metadata API deploy' : `deploying metadata (deploy ${id})`,
      secrets,
    );
  }
}
