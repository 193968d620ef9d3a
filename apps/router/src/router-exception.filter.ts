import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Hands a batch handler's error to the transport as it was thrown. Nest's default RPC filter
 * would replace it with "Internal server error", and the router's progress record, its logs and
 * the readiness details need the store's own message (ECONNREFUSED, a read-only standby…).
 */
@Catch()
export class RouterExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
