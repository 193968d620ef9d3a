// The fault landscape's targets: payroll bureaus played by the payroll simulator in this process,
// which honour the Idempotency-Key (a repeated key gets the first answer, nothing stored twice) and
// here also note every time they answered a key with 2xx: the first is the delivery, any later
// one is the same delivery received again.
import type { SimAnswer, SimRequest } from '@hub/connector-sdk';
import { PayrollSimulator } from '@connectors/payroll';

export class RecordingPayroll extends PayrollSimulator {
  /** Idempotency-Key → when it was answered 2xx, each time (epoch ms). */
  readonly taken = new Map<string, number[]>();

  constructor(readonly targetId: string, force: string, port: number) {
    super(force, port);
  }

  protected override handle(req: SimRequest): SimAnswer {
    const answer = super.handle(req);
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && answer.status >= 200 && answer.status < 300) {
      const times = this.taken.get(key);
      if (times) times.push(Date.now());
      else this.taken.set(key, [Date.now()]);
    }
    return answer;
  }

  /** The suite needs `taken` only; the simulator's own call log would grow with every request. */
  forgetCalls(): void {
    this.calls.length = 0;
  }
}
