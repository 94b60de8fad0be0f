/** The `targets:` lines of a fleet config naming Salesforce orgs: per name, its instance URL and access token. */
export function salesforceTargets(
  orgs: Readonly<Record<string, { readonly url: string; readonly accessToken: string }>>,
): string[] {
  return [
    'targets:',
    ...Object.entries(orgs).flatMap(([name, org]) => [
      `  ${name}:`,
      '    crm: salesforce',
      `    instanceUrl: ${org.url}`,
      `    accessToken: ${org.accessToken}`,
    ]),
  ];
}
