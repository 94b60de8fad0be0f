import { describe, expect, it } from 'vitest';
import { SALESFORCE_BROWSER } from './browser-objects.ts';
import { escapeHtml, inlineJson, listPage, recordPage } from './browser-html.ts';

const hostile = '<img src=x onerror=alert(1)> & "quotes" \'too\'';
const account = SALESFORCE_BROWSER.objects.find((object) => object.name === 'Account');

describe('the record browser pages', () => {
  it('escape CRM text in content and attributes', () => {
    expect(escapeHtml(hostile)).toBe('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34; &#39;too&#39;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml({ a: '<b>' })).toBe('{&#34;a&#34;:&#34;&#60;b&#62;&#34;}');
  });

  it('keep inline JSON from closing its script element', () => {
    expect(inlineJson({ name: '</script><script>alert(1)</script>' })).not.toContain('</script>');
    expect(JSON.parse(inlineJson({ name: '</script>' }))).toEqual({ name: '</script>' });
  });

  it('render a hostile record name and search text as text', () => {
    if (!account) throw new Error('no Account in the Salesforce browser');
    const record = { Id: '001x', Name: hostile, Journey_State__c: `{"x":"${'y'.repeat(500)}"}` };
    const list = listPage(SALESFORCE_BROWSER, account, { records: [record], total: 1 }, hostile, 1, 25);
    const page = recordPage(SALESFORCE_BROWSER, account, record, hostile);
    for (const html of [list, page]) {
      expect(html).not.toContain('<img');
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    }
    expect(page).toContain('(508 characters)');
  });
});
