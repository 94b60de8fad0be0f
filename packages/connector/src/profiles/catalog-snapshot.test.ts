import { describe, expect, it } from 'vitest';
import { catalogFromSnapshot, snapshotCatalog } from './catalog-snapshot.ts';
import { profileCatalog } from './profile-catalog.ts';
import { salesforceProfile } from './salesforce-profile.ts';
import { sugarcrmProfile } from './sugarcrm-profile.ts';

describe('catalog snapshots', () => {
  it.each([salesforceProfile, sugarcrmProfile])('a copied $crm catalogue answers as the original', (profile) => {
    const original = profileCatalog(profile);
    const copy = catalogFromSnapshot(structuredClone(snapshotCatalog(original)));
    expect([...copy.objectNames()]).toEqual([...original.objectNames()]);
    expect(copy.authoritative).toBe(original.authoritative);
    for (const object of original.objectNames()) {
      expect(copy.fields(object)).toEqual(original.fields(object));
      for (const [field, type] of Object.entries(original.fields(object) ?? {}))
        if (type === 'picklist') expect(copy.picklist(object, field)).toEqual(original.picklist(object, field));
    }
    for (const name of ['Plan__c', 'plan_c', 'Account', 'Contract__r'])
      expect(copy.isCustom(name)).toBe(original.isCustom(name));
  });

  it('knows no object or field named after a property of every object', () => {
    const copy = catalogFromSnapshot(snapshotCatalog(profileCatalog(salesforceProfile)));
    expect(copy.fields('constructor')).toBeUndefined();
    expect(copy.fields('toString')).toBeUndefined();
    expect(copy.picklist('Opportunity', 'constructor')).toBeUndefined();
  });
});
