import { expect, it } from 'vitest';
import { panelStagesScript } from './panel-stages-script.ts';
import { toPanelStages } from './panel-stage.ts';

declare global {
  var cjJourneyStages: Record<string, unknown> | undefined;
  var cjJourneyNames: Record<string, string> | undefined;
}

it('writes a script that registers the stages of each journey by id', () => {
  const stages = toPanelStages([
    { id: 'awareness', label: 'Awareness </script><img>', description: undefined, targetDays: 14 },
  ]);
  expect(stages).toEqual([{ id: 'awareness', label: 'Awareness </script><img>', targetDays: 14 }]);
  const script = panelStagesScript({ 'salesforce-b2b': stages }, { 'salesforce-b2b': 'B2B </script> journey' });
  expect(script).not.toContain('</script>');
  globalThis.cjJourneyStages = { other: [] };
  globalThis.cjJourneyNames = { other: 'Other journey' };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the generated file is the test.
  (new Function(script) as () => void)();
  expect(globalThis.cjJourneyStages).toEqual({ other: [], 'salesforce-b2b': stages });
  expect(globalThis.cjJourneyNames).toEqual({ other: 'Other journey', 'salesforce-b2b': 'B2B </script> journey' });
  globalThis.cjJourneyStages = undefined;
  globalThis.cjJourneyNames = undefined;
});
