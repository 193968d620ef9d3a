/** One problem with one event, as the contract's `errors` entries. */
export interface ProblemEntry {
  eventId?: string;
  /** Position of the event in a batch. */
  index?: number;
  path: string;
  message: string;
}

/** Slugs of the problem types the API answers with; their URIs are under PROBLEM_BASE. */
export type ProblemType =
  | 'malformed-request'
  | 'invalid-envelope'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'request-timeout'
  | 'payload-too-large'
  | 'headers-too-large'
  | 'unsupported-media-type'
  | 'unsupported-content-encoding'
  | 'unknown-event-type'
  | 'schema-violation'
  | 'conflict'
  | 'invalid-landscape'
  | 'unavailable'
  | 'internal';

export const PROBLEM_BASE = 'https://erp-hub.example/problems/';

/** An RFC 9457 problem; thrown anywhere in the API and rendered by ProblemFilter. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly problemType: ProblemType,
    readonly title: string,
    readonly errors: ProblemEntry[] = [],
    readonly detail?: string,
  ) {
    super(detail ?? title);
  }

  /** The problem document; a 5xx names the request id its log lines carry, so an operator can find them. */
  toJSON(requestId?: string) {
    return {
      type: PROBLEM_BASE + this.problemType,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      errors: this.errors,
      ...(requestId && this.status >= 500 ? { requestId } : {}),
    };
  }
}
