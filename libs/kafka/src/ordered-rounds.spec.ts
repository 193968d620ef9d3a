import type { InboundMessage } from './event-bus.interface';
import { OrderedRounds, RoundBatch } from './ordered-rounds';

let offsets = new Map<string, number>();
const msg = (topic: string, partition: number, orderKey: number, subject = 'S'): InboundMessage => {
  const k = `${topic}/${partition}`;
  const offset = offsets.get(k) ?? 0;
  offsets.set(k, offset + 1);
  return { topic, partition, offset: String(offset), key: subject, value: null, headers: {}, timestamp: String(Math.floor(orderKey / 1000)), orderKey };
};
const batch = (messages: InboundMessage[], lagAfter = 0): RoundBatch => ({ topic: messages[0].topic, partition: messages[0].partition, messages, lagAfter });
const keys = (ms: InboundMessage[]) => ms.map((m) => `${m.topic.split('.')[2]}@${m.orderKey}`);

describe('OrderedRounds: one subject across topics, back in acceptance order', () => {
  beforeEach(() => (offsets = new Map()));

  it("sorts one fetch's batches of several topics by order key", () => {
    const rounds = new OrderedRounds(1_000);
    const left = batch([msg('hr.employee.left.v1', 0, 30)]);
    const joined = batch([msg('hr.employee.joined.v1', 0, 10)]);
    const moved = batch([msg('hr.employee.moved.v1', 0, 20)]);
    const plan = rounds.plan([left, joined, moved]);
    expect(keys(plan.route)).toEqual(['joined@10', 'moved@20', 'left@30']);
    expect(plan.take).toEqual([1, 1, 1]);
  });

  it('holds back what could overtake older messages another topic still has unread, and takes them once those arrive', () => {
    let now = 0;
    const rounds = new OrderedRounds(1_000, () => now);
    // joined has a backlog: this fetch brought its messages up to 20, more are waiting in Kafka.
    const joined = batch([msg('hr.employee.joined.v1', 1, 10), msg('hr.employee.joined.v1', 1, 20)], 5);
    const left = batch([msg('hr.employee.left.v1', 1, 15), msg('hr.employee.left.v1', 1, 25)]);
    const first = rounds.plan([joined, left]);
    expect(keys(first.route)).toEqual(['joined@10', 'left@15', 'joined@20']);
    expect(first.take).toEqual([2, 1]); // left@25 waits: joined's unread messages may be older
    now = 5;
    const joinedRest = batch([msg('hr.employee.joined.v1', 1, 22)]);
    const leftAgain: RoundBatch = { ...left, messages: left.messages.slice(1) };
    const second = rounds.plan([joinedRest, leftAgain]);
    expect(keys(second.route)).toEqual(['joined@22', 'left@25']);
  });

  it('holds a topic back while another topic of the same partition is known to be behind, even when that one is not in this fetch', () => {
    const rounds = new OrderedRounds(1_000);
    rounds.plan([batch([msg('hr.employee.joined.v1', 2, 10)], 3)]); // behind: 3 more unread after key 10
    const plan = rounds.plan([batch([msg('hr.employee.left.v1', 2, 40)])]);
    expect(plan.take).toEqual([0]);
    expect(plan.route).toEqual([]);
  });

  it('never holds other partition numbers back: other subjects keep flowing', () => {
    const rounds = new OrderedRounds(1_000);
    const behind = batch([msg('hr.employee.joined.v1', 0, 10)], 100);
    const other = batch([msg('hr.employee.left.v1', 1, 99)]);
    expect(rounds.plan([behind, other]).take).toEqual([1, 1]);
  });

  it('takes held-back messages once the wait runs out, and counts that it did', () => {
    let now = 0;
    const rounds = new OrderedRounds(500, () => now);
    rounds.plan([batch([msg('hr.employee.joined.v1', 0, 10)], 3)]);
    const left = batch([msg('hr.employee.left.v1', 0, 40)]);
    expect(rounds.plan([left]).take).toEqual([0]);
    now = 499;
    expect(rounds.plan([left]).take).toEqual([0]);
    now = 500;
    const plan = rounds.plan([left]);
    expect(plan.take).toEqual([1]);
    expect(plan.forced).toBe(1);
  });

  it('hands on only a prefix of a batch, so the committed offset never skips a message', () => {
    const rounds = new OrderedRounds(1_000);
    const behind = batch([msg('hr.employee.joined.v1', 0, 20)], 1);
    // left@30 may not go before joined's unread ones; left@15 behind it must wait too (prefix).
    const left = batch([msg('hr.employee.left.v1', 0, 10), msg('hr.employee.left.v1', 0, 30), msg('hr.employee.left.v1', 0, 15)]);
    const plan = rounds.plan([behind, left]);
    expect(plan.take).toEqual([1, 1]);
    expect(keys(plan.route)).toEqual(['left@10', 'joined@20']);
  });

  it('forgets what it knew after a rebalance', () => {
    const rounds = new OrderedRounds(1_000);
    rounds.plan([batch([msg('hr.employee.joined.v1', 0, 10)], 3)]);
    rounds.reset();
    expect(rounds.plan([batch([msg('hr.employee.left.v1', 0, 40)])]).take).toEqual([1]);
  });
});
