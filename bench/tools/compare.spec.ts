import { summarise } from '../lib/stats';
import type { Row } from '../scenarios/context';
import { compare } from './compare';

const row = (id: string, unit: string, runs: number[]): Row => ({ id, group: 'g', label: id, unit, summary: summarise(runs), better: 'higher' });

describe('bench compare', () => {
  it('puts the medians of the figures both runs have side by side with after ÷ before', () => {
    const table = compare({ rows: [row('a', 'events/s', [100, 110, 90]), row('gone', 'ms', [1])] }, { rows: [row('a', 'events/s', [150, 140, 160]), row('new', 's', [2])] });
    expect(table.split('\n')).toEqual(['| figure | unit | before | after | after ÷ before |', '| --- | --- | ---: | ---: | ---: |', '| a | events/s | 100 | 150 | 1.50× |']);
  });
});
