/** Stable reason codes of failed deliveries: dead letters, metrics and runbooks use them. */
export enum DeliveryErrorCode {
  TargetUnreachable = 'target-unreachable',
  TargetTimeout = 'target-timeout',
  TargetUnavailable = 'target-unavailable',
  TargetRejected = 'target-rejected',
  MappingFailed = 'mapping-failed',
  UnsupportedEvent = 'unsupported-event',
}
