import type { EventAttributes } from '@hub/events';
import type { EventTrace, TraceStep } from './trace.store';

export type TargetState = 'queued' | 'retrying' | 'delivered' | 'dead-lettered' | 'replaying' | 'discarded';

export interface TargetTrace {
  target: string;
  state: TargetState;
  queuedAt?: string;
  attempts: number;
  deliveredAt?: string;
  deadLetteredAt?: string;
  lastError?: string;
}

export interface TraceSummary {
  event: EventAttributes;
  status: 'accepted' | 'in-progress' | 'delivered' | 'dead-lettered' | 'unrouted';
  acceptedAt?: string;
  routedAt?: string;
  targets: TargetTrace[];
  steps: TraceStep[];
}

/** Folds an event's steps into what ops ask first: where is it, per target, and since when. */
export function summariseTrace(trace: EventTrace): TraceSummary {
  const targets = new Map<string, TargetTrace>();
  const t = (id: string) => {
    let entry = targets.get(id);
    if (!entry) targets.set(id, (entry = { target: id, state: 'queued', attempts: 0 }));
    return entry;
  };
  let acceptedAt: string | undefined;
  let routedAt: string | undefined;
  let unrouted = false;
  for (const s of trace.steps) {
    switch (s.step) {
      case 'accepted':
        acceptedAt ??= s.at;
        break;
      case 'routed':
        routedAt ??= s.at;
        break;
      case 'unrouted':
        unrouted = true;
        break;
      case 'queued':
        t(s.target!).queuedAt ??= s.at;
        break;
      case 'attempt-failed':
        Object.assign(t(s.target!), { state: 'retrying', attempts: Math.max(t(s.target!).attempts, s.attempt ?? 0), lastError: s.detail });
        break;
      case 'delivered':
        Object.assign(t(s.target!), { state: 'delivered', attempts: Math.max(t(s.target!).attempts, s.attempt ?? 0), deliveredAt: s.at });
        break;
      case 'dead-lettered':
        Object.assign(t(s.target!), { state: 'dead-lettered', attempts: Math.max(t(s.target!).attempts, s.attempt ?? 0), deadLetteredAt: s.at, lastError: s.detail });
        break;
      case 'replay-requested':
        Object.assign(t(s.target!), { state: 'replaying' });
        break;
      case 'discarded':
        Object.assign(t(s.target!), { state: 'discarded' });
        break;
    }
  }
  const list = [...targets.values()];
  const status: TraceSummary['status'] = unrouted
    ? 'unrouted'
    : list.length === 0
      ? 'accepted'
      : list.some((x) => x.state === 'dead-lettered')
        ? 'dead-lettered'
        : list.every((x) => x.state === 'delivered' || x.state === 'discarded')
          ? 'delivered'
          : 'in-progress';
  return { event: trace.event, status, acceptedAt, routedAt, targets: list, steps: trace.steps };
}
