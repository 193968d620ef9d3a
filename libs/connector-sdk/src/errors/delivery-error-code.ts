/** Stable reason codes of failed deliveries: dead letters, metrics and runbooks use them. */
export enum DeliveryErrorCode {
  TargetUnreachable = 'target-unreachable',
  TargetTimeout = 'target-timeout',
  TargetUnavailable = 'target-unavailable',
  TargetRejected = 'target-rejected',
  MappingFailed = 'mapping-failed',
  UnsupportedEvent = 'unsupported-event',
  /**
   * Not the target's doing: the job was running in a worker that died (or lost its lock) more
   * times than the worker's limit (WORKER_MAX_STALLED_COUNT), so BullMQ gave up on it. Usually a
   * job that brings its worker down each time; replay it once the cause is understood.
   */
  Stalled = 'stalled',
  /** Not the target's doing: BullMQ failed the job without the worker recording why; the message is BullMQ's. */
  QueueFailed = 'queue-failed',
}
