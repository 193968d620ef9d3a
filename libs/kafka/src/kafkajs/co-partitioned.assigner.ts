import { AssignerProtocol, PartitionAssigner } from 'kafkajs';

/** The protocol name every router replica announces; a group only uses it when all members do. */
export const CO_PARTITIONED_ASSIGNER = 'HubCoPartitionedAssigner';

/**
 * Which member gets which partitions: partition p of EVERY topic goes to the same member
 * (members sorted by id, p mod their number). A subject is the Kafka key of its events on every
 * canonical topic, and all topics have the same partition count, so one subject's joiner, move and
 * leaver (three topics) are all read by one router, which can then route them in the order they
 * were accepted (Kafka Streams co-partitions its input topics for the same reason). Pure, for the
 * spec; the assigner below feeds it the group's members and the topics' partitions.
 */
export function coPartitionedAssignment(memberIds: readonly string[], partitionsOf: ReadonlyMap<string, readonly number[]>): Map<string, Record<string, number[]>> {
  const members = [...memberIds].sort();
  const out = new Map<string, Record<string, number[]>>(members.map((m) => [m, {}]));
  if (members.length === 0) return out;
  for (const [topic, partitions] of partitionsOf) {
    for (const p of [...partitions].sort((a, b) => a - b)) {
      const assignment = out.get(members[p % members.length])!;
      (assignment[topic] ??= []).push(p);
    }
  }
  return out;
}

/** The kafkajs assigner around coPartitionedAssignment. */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: CO_PARTITIONED_ASSIGNER,
  version: 0,
  async assign({ members, topics }) {
    const partitionsOf = new Map(topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId)]));
    const assignment = coPartitionedAssignment(
      members.map((m) => m.memberId),
      partitionsOf,
    );
    return [...assignment].map(([memberId, a]) => ({ memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: a, userData: Buffer.alloc(0) }) }));
  },
  protocol({ topics }) {
    return { name: CO_PARTITIONED_ASSIGNER, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
