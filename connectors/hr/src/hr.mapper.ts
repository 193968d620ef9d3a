import type { CanonicalEvent } from '@hub/events';
import type { SourceConnector, SourceContext } from '@hub/connector-sdk';
import { HrWorkerHiredWebhook } from './hr.format';
import { hrManifest } from './hr.manifest';

const WORKER_TYPE = { POLICE_OFFICER: 'officer', POLICE_STAFF: 'staff', SPECIAL_CONSTABLE: 'special-constable' } as const;

/** Pounds-and-pence text → integer pence, without floating-point rounding. */
export function toMinorUnits(amount: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new Error(`not an amount: "${amount}"`);
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export class HrSourceConnector implements SourceConnector<HrWorkerHiredWebhook> {
  readonly manifest = hrManifest;

  toEvents(hook: HrWorkerHiredWebhook, ctx: SourceContext): CanonicalEvent[] {
    const w = hook.worker;
    return [
      {
        specversion: '1.0',
        id: hook.eventId,
        source: ctx.source,
        type: 'hr.employee.joined.v1',
        subject: w.workerNumber,
        tenant: ctx.tenant,
        time: hook.occurredAt,
        data: {
          employeeId: w.workerNumber,
          name: { forename: w.givenName, ...(w.middleNames ? { middleNames: w.middleNames } : {}), surname: w.familyName },
          dateOfBirth: w.birthDate,
          ...(w.nationalInsurance ? { niNumber: w.nationalInsurance } : {}),
          ...(w.workEmail ? { email: w.workEmail } : {}),
          employment: {
            workerType: WORKER_TYPE[w.category],
            ...(w.rank ? { rank: w.rank } : {}),
            jobTitle: w.position,
            grade: w.payGrade,
            orgUnit: { code: w.department.id, name: w.department.name },
            costCentre: w.costCentre,
            fte: w.fte,
            annualSalary: { amountMinor: toMinorUnits(w.annualSalaryGBP), currency: 'GBP' },
          },
          effectiveFrom: w.hireDate,
        },
      },
    ];
  }
}
