export * from './event-bus.interface';
export * from './topics';
export * from './kafkajs/kafkajs-event-bus';
export * from './order-key';
export * from './ordered-rounds';
export * from './landscape-version';
