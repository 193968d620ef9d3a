import { CoalescingPublisher } from './coalescing-publisher';
import { OutboundMessage } from './event-bus.interface';

const msg = (key: string): OutboundMessage => ({ topic: 't', key, value: '{}', headers: {} });

describe('CoalescingPublisher', () => {
  it('sends what queued during a request together in the next one, up to maxBatch, and answers each caller', async () => {
    const sent: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const publisher = new CoalescingPublisher(async (messages) => {
      sent.push(messages.map((m) => String(m.key)));
      if (sent.length === 1) await first;
    }, 3);
    const a = publisher.publish([msg('a')]);
    const rest = [publisher.publish([msg('b'), msg('c')]), publisher.publish([msg('d')]), publisher.publish([msg('e')])];
    release();
    const answers = await Promise.all([a, ...rest]);
    expect(sent).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    expect(answers.map((r) => r.length)).toEqual([1, 2, 1, 1]);
  });

  it('fails only the callers whose request failed', async () => {
    const send = jest.fn().mockRejectedValueOnce(new Error('NOT_ENOUGH_REPLICAS')).mockResolvedValue(undefined);
    const publisher = new CoalescingPublisher(send);
    await expect(publisher.publish([msg('a')])).rejects.toThrow('NOT_ENOUGH_REPLICAS');
    await expect(publisher.publish([msg('b')])).resolves.toEqual([{ topic: 't' }]);
  });

  it('answers an empty publish without a request', async () => {
    const send = jest.fn();
    await expect(new CoalescingPublisher(send).publish([])).resolves.toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });
});
