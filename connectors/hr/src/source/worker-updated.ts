import type { HrEmployeeDetailsChangedV1Data } from '@hub/canonical-types';
import type { HrWorkerUpdatedWebhook } from './hr-webhook.format';
import { EMAIL, PHONE_NUMBER, WebhookFields } from '@hub/connector-sdk';
import { compact, WebhookMapper, workerNumberOf } from './webhook-mapping';

type Changes = HrWorkerUpdatedWebhook['update']['changes'];
type Changed = HrEmployeeDetailsChangedV1Data['changed'];
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/;

/** The HR system keeps postcodes as typed ("vb4 7qt", "VB47QT"); the canonical form is "VB4 7QT". */
export function normalisePostcode(raw: string): string {
  const s = raw.toUpperCase().replace(/\s+/g, '');
  return `${s.slice(0, -3)} ${s.slice(-3)}`;
}

// Emails and phones are typed lists; two entries of one type would make the change ambiguous.
function personalEmailOf(c: WebhookFields<Changes>): string | undefined {
  if (!c.has('emails')) return undefined;
  const personal = c.list('emails').filter((e) => e.text('type') === 'PERSONAL');
  if (personal.length > 1) c.fail('emails', `has ${personal.length} PERSONAL entries`);
  return personal[0]?.text('address', { pattern: EMAIL });
}

function phoneOf(c: WebhookFields<Changes>, type: 'HOME' | 'MOBILE'): string | undefined {
  if (!c.has('phones')) return undefined;
  const found = c.list('phones').filter((p) => p.text('type') === type);
  if (found.length > 1) c.fail('phones', `has ${found.length} ${type} entries`);
  return found[0]?.text('number', { pattern: PHONE_NUMBER });
}

function changedOf(c: WebhookFields<Changes>): Changed {
  const name = c.optionalObject('legalName');
  const address = c.optionalObject('homeAddress');
  const contact = c.optionalObject('emergencyContact');
  let postcode: string | undefined;
  if (address) {
    postcode = normalisePostcode(address.text('postcode'));
    if (!POSTCODE.test(postcode)) address.fail('postcode', `${address.text('postcode')} is not a UK postcode`);
  }
  return compact({
    name: name && compact({ title: name.optionalText('title', { max: 20 }), forename: name.text('givenName', { max: 100 }), middleNames: name.optionalText('middleNames', { max: 200 }), surname: name.text('familyName', { max: 100 }) }),
    preferredName: c.optionalText('knownAs', { max: 100 }),
    homeAddress: address && compact({
      lines: address.textList('addressLines', { minItems: 1, maxItems: 4, max: 100 }) as NonNullable<Changed['homeAddress']>['lines'],
      town: address.text('town', { max: 60 }),
      county: address.optionalText('county', { max: 60 }),
      postcode: postcode!,
    }),
    personalEmail: personalEmailOf(c),
    homePhone: phoneOf(c, 'HOME'),
    mobilePhone: phoneOf(c, 'MOBILE'),
    emergencyContact: contact && { name: contact.text('fullName', { max: 200 }), relationship: contact.text('relationship', { max: 40 }), phone: contact.text('phoneNumber', { pattern: PHONE_NUMBER }) },
  });
}

/**
 * worker.updated → hr.employee.details-changed.v1, carrying only what changed. An update of work
 * contact details only (the force's, not the person's) gives no event: there is nothing to tell.
 */
export const mapWorkerUpdated: WebhookMapper<HrWorkerUpdatedWebhook> = (hook, organisation) => {
  const u = hook.object('update');
  const employeeId = workerNumberOf(u, organisation);
  const effectiveFrom = u.date('effectiveDate');
  const c = u.object('changes');
  if (c.keys().length === 0) u.fail('changes', 'is empty');
  const changed = changedOf(c);
  if (Object.keys(changed).length === 0) return undefined;
  const data: HrEmployeeDetailsChangedV1Data = { employeeId, changed, effectiveFrom };
  return { type: 'hr.employee.details-changed.v1', subject: employeeId, data };
};
