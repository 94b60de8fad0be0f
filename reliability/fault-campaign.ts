// `npm run reliability -- ...`: the campaigns of docs/reliability.md. With `--fleet`, the fleet campaign of
// PostgreSQL and `serve` nodes, which lives beside the fleet's tests in packages/sync/reliability/ and runs as
// its own process; otherwise the one-org campaign (org-campaign.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args.includes('--fleet')) {
  const campaign = fileURLToPath(new URL('../packages/sync/reliability/fleet-campaign.ts', import.meta.url));
  const child = spawnSync(
    process.execPath,
    ['--conditions=@crm-journey/source', '--disable-warning=ExperimentalWarning', campaign, ...args],
    { stdio: 'inherit' },
  );
  process.exitCode = child.status ?? 1;
} else await import('./org-campaign.ts');
