import type { CanonicalEvent } from '@hub/events';
import type { CanonicalEventData, CanonicalEventType } from './generated';

export * from './generated';

/** A canonical event whose `data` has the generated type of its `type`. */
export type TypedEvent<T extends CanonicalEventType> = CanonicalEvent<CanonicalEventData[T]> & { type: T };

/** Narrows an event to one canonical type (the hub validated `data` against that type's schema). */
export function isEventOf<T extends CanonicalEventType>(event: CanonicalEvent, type: T): event is TypedEvent<T> {
  return event.type === type;
}
export * from './money-fields';
