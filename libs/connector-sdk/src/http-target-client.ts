import { DeliveryErrorCode } from './errors/delivery-error-code';
import { PermanentDeliveryError } from './errors/permanent-delivery.error';
import { TransientDeliveryError } from './errors/transient-delivery.error';

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** 408, 425, 429 and 5xx may pass on a later try; every other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/**
 * Sends JSON to a target and classifies the outcome: connection failures, timeouts and retryable
 * statuses become TransientDeliveryError; other non-2xx answers become PermanentDeliveryError
 * carrying the status and the start of the target's explanation.
 */
export async function sendJson(
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; timeoutMs: number },
): Promise<HttpAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Reading the body is part of the exchange: a target that stalls or drops mid-answer is as
    // transient as one that never answered.
    text = await res.text();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new TransientDeliveryError(DeliveryErrorCode.TargetTimeout, `no answer from ${url} within ${options.timeoutMs} ms`);
    }
    throw new TransientDeliveryError(DeliveryErrorCode.TargetUnreachable, `cannot reach ${url}: ${e.cause?.code ?? e.message}`);
  }
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* a non-JSON answer is kept as text */
  }
  if (res.ok) return { status: res.status, body: parsed };
  const why = `${method} ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 300)}`;
  if (isRetryableStatus(res.status)) throw new TransientDeliveryError(DeliveryErrorCode.TargetUnavailable, why, res.status);
  throw new PermanentDeliveryError(DeliveryErrorCode.TargetRejected, why, res.status);
}
