import { salesforceProfile } from '@crm-journey/connector';
import { SALESFORCE_API_VERSION } from '@crm-journey/connector/salesforce';
import type { Sandbox } from '@crm-journey/sandbox';

/** Where the sandbox's REST API is and how to call it with `curl`: printed by the demo and on its home page. */
export function sandboxApiLines(sandbox: Sandbox): string[] {
  if (sandbox.crm === 'salesforce') {
    const base = `${sandbox.url}/services/data/v${SALESFORCE_API_VERSION}`;
    const token = sandbox.accessToken ?? '';
    return [
      `Salesforce REST API: ${base}`,
      `  access token: ${token}`,
      `  try: curl -H 'Authorization: Bearer ${token}' '${base}/query?q=SELECT+Id,Name,${salesforceProfile.journeyFields.stage}+FROM+Account+LIMIT+5'`,
    ];
  }
  const login = JSON.stringify({
    grant_type: 'password',
    client_id: 'sugar',
    client_secret: '',
    username: sandbox.username,
    password: sandbox.password,
    platform: 'base',
  });
  return [
    `SugarCRM REST API: ${sandbox.url}/rest/v11_4  (user ${sandbox.username}, password ${sandbox.password})`,
    `  try: curl -X POST ${sandbox.url}/rest/v11_4/oauth2/token -H 'content-type: application/json' -d '${login}'`,
  ];
}
