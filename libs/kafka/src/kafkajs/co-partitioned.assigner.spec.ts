import { AssignerProtocol } from 'kafkajs';
import { coPartitionedAssigner, coPartitionedAssignment } from './co-partitioned.assigner';

const topics = new Map([
  ['hr.employee.joined.v1', [0, 1, 2]],
  ['hr.employee.moved.v1', [2, 0, 1]],
  ['hr.employee.left.v1', [0, 1, 2]],
]);

describe('co-partitioned assignment', () => {
  it('gives partition p of every topic to one member, so one subject is read by one router', () => {
    const a = coPartitionedAssignment(['router-b', 'router-a'], topics);
    expect(Object.fromEntries(a)).toEqual({
      'router-a': { 'hr.employee.joined.v1': [0, 2], 'hr.employee.moved.v1': [0, 2], 'hr.employee.left.v1': [0, 2] },
      'router-b': { 'hr.employee.joined.v1': [1], 'hr.employee.moved.v1': [1], 'hr.employee.left.v1': [1] },
    });
  });

  it('assigns every partition exactly once, whatever the number of members', () => {
    for (const n of [1, 2, 3, 5]) {
      const members = Array.from({ length: n }, (_, i) => `m${i}`);
      const all = [...coPartitionedAssignment(members, topics).values()].flatMap((a) => Object.entries(a).flatMap(([t, ps]) => ps.map((p) => `${t}/${p}`)));
      expect(all.sort()).toEqual([...topics].flatMap(([t, ps]) => ps.map((p) => `${t}/${p}`)).sort());
    }
  });

  it('leaves members beyond the partition count idle rather than splitting a partition number', () => {
    const a = coPartitionedAssignment(['a', 'b', 'c', 'd'], topics);
    expect(a.get('d')).toEqual({});
  });

  it('encodes what kafkajs expects, from the cluster metadata', async () => {
    const cluster = { findTopicPartitionMetadata: (t: string) => topics.get(t)!.map((partitionId) => ({ partitionId })) };
    const assigner = coPartitionedAssigner({ cluster, groupId: 'g', logger: {} } as never);
    const out = await assigner.assign({ members: [{ memberId: 'x', memberMetadata: Buffer.alloc(0) }], topics: [...topics.keys()] });
    expect(AssignerProtocol.MemberAssignment.decode(out[0].memberAssignment)?.assignment).toEqual({ 'hr.employee.joined.v1': [0, 1, 2], 'hr.employee.moved.v1': [0, 1, 2], 'hr.employee.left.v1': [0, 1, 2] });
    expect(assigner.protocol({ topics: ['t'] }).name).toBe('HubCoPartitionedAssigner');
  });
});
