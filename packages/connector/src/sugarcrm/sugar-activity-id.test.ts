import { describe, expect, it } from 'vitest';
import { sugarActivityId } from './sugar-activity-id.ts';

describe('sugarActivityId', () => {
  it('is a version 5 UUID, the same for a key every time and different for another key', () => {
    const id = sugarActivityId('sugarcrm-b2b:Accounts:a-1:welcome');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sugarActivityId('sugarcrm-b2b:Accounts:a-1:welcome')).toBe(id);
    expect(sugarActivityId('sugarcrm-b2b:Accounts:a-2:welcome')).not.toBe(id);
  });
});
