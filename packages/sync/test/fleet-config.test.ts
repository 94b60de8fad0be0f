import { formatDiagnostic } from '@crm-journey/connector';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../src/config/config-file.ts';

const targets = ['targets:', '  east:', '    crm: salesforce', '    org: acme-east'];

describe('syncs: in crm-journey.config.yaml', () => {
  it('lists the fleet’s targets and journeys with their intervals', () => {
    const { config, errors } = parseConfigFile(
      [...targets, 'syncs:', '  - { target: east, journey: journeys/b2b.yaml, interval: 5m, batchSize: 100 }', ''].join(
        '\n',
      ),
      'crm-journey.config.yaml',
    );
    expect(errors).toEqual([]);
    expect(config?.syncs).toEqual([{ target: 'east', journey: 'journeys/b2b.yaml', interval: '5m', batchSize: 100 }]);
    expect(parseConfigFile('defaults: {}\n', 'c.yaml').config?.syncs).toEqual([]);
    const set = parseConfigFile(
      [...targets, 'syncs:', '  - { target: east, journeys: [b2b.yaml, b2c.yaml] }', ''].join('\n'),
      'c.yaml',
    );
    expect(set.errors).toEqual([]);
    expect(set.config?.syncs).toEqual([{ target: 'east', journeys: ['b2b.yaml', 'b2c.yaml'] }]);
  });

  it('names the line, the entry and a fix for every mistake', () => {
    const { errors } = parseConfigFile(
      [
        ...targets,
        'syncs:',
        '  - { target: west, journey: a.yaml }',
        '  - { target: east }',
        '  - { target: east, journey: b.yaml, interval: often }',
        '  - { target: east, journey: b.yaml, intervall: 5m }',
        '  - { target: east, journey: c.yaml, journeys: [d.yaml] }',
        '',
      ].join('\n'),
      'crm-journey.config.yaml',
    );
    expect(errors.map(formatDiagnostic)).toEqual([
      expect.stringMatching(
        /^crm-journey\.config\.yaml:7:\d+ error sync-journey syncs\[1\]: a sync names no journey\. Give journey: <file> for one journey, or journeys: \[<file>, <file>\] for a journey set/,
      ),
      expect.stringMatching(
        /^crm-journey\.config\.yaml:8:\d+ error wrong-value syncs\[2\]\.interval: interval must be a duration/,
      ),
      expect.stringMatching(
        /^crm-journey\.config\.yaml:9:\d+ error unknown-key syncs\[3\]\.intervall: unknown key "intervall"\. .*Did you mean "interval"\?/,
      ),
      expect.stringMatching(
        /^crm-journey\.config\.yaml:9:\d+ error duplicate-sync syncs\[3\]: a second sync named "east\/b\.yaml"/,
      ),
      expect.stringMatching(
        /^crm-journey\.config\.yaml:10:\d+ error sync-journey syncs\[4\]: a sync names both journey and journeys\./,
      ),
      expect.stringMatching(
        /^crm-journey\.config\.yaml:6:\d+ error unknown-target syncs\[0\]\.target: no target named "west"\. .*name one of: east\./,
      ),
    ]);
    expect(parseConfigFile('syncs: {}\n', 'c.yaml').errors.map((error) => error.message)).toEqual([
      'syncs must be a list of target and journey pairs.',
    ]);
  });
});
