import type { CanonicalEvent } from '@hub/events';

export interface HubAnswer {
  status: number;
  body: unknown;
}

/** Posts canonical events to the hub's ingest API in structured (one) or batch (several) mode. */
export class HubIngestClient {
  constructor(private readonly baseUrl: string, private readonly token: string) {}

  async post(events: CanonicalEvent[]): Promise<HubAnswer> {
    const batch = events.length !== 1;
    const res = await fetch(`${this.baseUrl}/v1/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': batch ? 'application/cloudevents-batch+json' : 'application/cloudevents+json',
      },
      body: JSON.stringify(batch ? events : events[0]),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}
