import { ProblemType, problemTypeUri } from './problem-types';

/** One problem with one event, as the contract's `errors` entries. */
export interface ProblemEntry {
  eventId?: string;
  /** Position of the event in a batch. */
  index?: number;
  path: string;
  message: string;
}

export type { ProblemType } from './problem-types';

/** An RFC 9457 problem; thrown anywhere in the API and rendered by ProblemFilter. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly problemType: ProblemType,
    readonly title: string,
    readonly errors: ProblemEntry[] = [],
    readonly detail?: string,
    /** A 401's WWW-Authenticate challenge (RFC 9110 §11.6.1); the API's Bearer one when not given. */
    readonly challenge?: string,
  ) {
    super(detail ?? title);
  }

  /** The problem document; a 5xx names the request id its log lines carry, so an operator can find them. */
  toJSON(requestId?: string) {
    return {
      type: problemTypeUri(this.problemType),
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      errors: this.errors,
      ...(requestId && this.status >= 500 ? { requestId } : {}),
    };
  }
}
