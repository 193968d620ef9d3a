export * from './canonical-event';
export * from './kafka-binding';
export * from './carriable';
export * from './trace-context';
