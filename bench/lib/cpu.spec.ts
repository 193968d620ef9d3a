import { componentOf, coresUsed } from './cpu';

describe('bench CPU accounting', () => {
  it('names the components of a run by command line', () => {
    expect(componentOf('java -Xmx512m kafka.Kafka server.properties', 1, 2)).toBe('kafka');
    expect(componentOf('redis-server 127.0.0.1:6379', 1, 2)).toBe('redis');
    expect(componentOf('postgres: hub hub 127.0.0.1(5000) idle', 1, 2)).toBe('postgresql');
    expect(componentOf('node dist/apps/hub/src/main.js', 1, 2)).toBe('hub');
    expect(componentOf('node dist/bench/run.js', 7, 7)).toBe('bench load');
    expect(componentOf('bash', 1, 2)).toBeUndefined();
  });

  it('turns CPU seconds into cores over the wall time, busiest first, leaving out the idle', () => {
    const before = new Map([['api', 10], ['kafka', 5], ['redis', 1]]);
    const after = new Map([['api', 18], ['kafka', 9], ['redis', 1.001], ['sink', 2]]);
    expect(coresUsed(before, after, 10)).toEqual({ api: 0.8, kafka: 0.4, sink: 0.2 });
    expect(Object.keys(coresUsed(before, after, 10))).toEqual(['api', 'kafka', 'sink']);
  });
});
