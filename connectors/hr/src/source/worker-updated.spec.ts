import { read, readOne } from './webhook.spec-support';
import { updated } from '../testing/samples';
import { sourceRefusal } from '@hub/connector-sdk/testing';
import { normalisePostcode } from './worker-updated';

describe('worker.updated → hr.employee.details-changed.v1', () => {
  it('carries every personal detail that changed, in the canonical shape', () => {
    const e = readOne(updated());
    expect(e).toMatchObject({ type: 'hr.employee.details-changed.v1', subject: 'FEN-30561', id: 'wh-FEN-30561-12' });
    expect(e.data).toEqual({
      employeeId: 'FEN-30561',
      changed: {
        name: { title: 'Mrs', forename: 'Hannah', surname: 'Whitfield' },
        preferredName: 'Han',
        homeAddress: { lines: ['14 Mill Lane', 'Little Ashby'], town: 'Fenbridge', postcode: 'FE4 7QT' },
        personalEmail: 'hannah.w@example.com',
        mobilePhone: '07700 900123',
        homePhone: '01632 960123',
        emergencyContact: { name: 'Tom Whitfield', relationship: 'Spouse', phone: '07700 900456' },
      },
      effectiveFrom: '2026-10-12',
    });
  });

  it('carries only what changed', () => {
    expect(readOne(updated({ phones: [{ type: 'MOBILE', number: '+44 7700 900999' }] })).data.changed).toEqual({ mobilePhone: '+44 7700 900999' });
  });

  it("gives no event for a change of the force's own contact details only (work email, work phone)", () => {
    expect(read(updated({ emails: [{ type: 'WORK', address: 'h.w@example.police.uk' }], phones: [{ type: 'WORK', number: '01632 960000' }] }))).toEqual([]);
  });

  it.each([
    ['vb4 7qt', 'VB4 7QT'],
    ['VB47QT', 'VB4 7QT'],
    ['sw1a  1aa', 'SW1A 1AA'],
  ])('writes postcode %p as %p', (raw, canonical) => {
    expect(normalisePostcode(raw)).toBe(canonical);
  });

  it.each([
    ['an empty change set', {}, '/update/changes', /is empty/],
    ['a postcode that is not one', { homeAddress: { addressLines: ['1 High St'], town: 'Fenbridge', postcode: 'FE4' } }, '/update/changes/homeAddress/postcode', /not a UK postcode/],
    ['five address lines', { homeAddress: { addressLines: ['a', 'b', 'c', 'd', 'e'], town: 'Fenbridge', postcode: 'FE4 7QT' } }, '/update/changes/homeAddress/addressLines', /1 to 4 entries/],
    ['two personal emails', { emails: [{ type: 'PERSONAL', address: 'a@example.com' }, { type: 'PERSONAL', address: 'b@example.com' }] }, '/update/changes/emails', /2 PERSONAL/],
    ['an email that is not one', { emails: [{ type: 'PERSONAL', address: 'not-an-email' }] }, '/update/changes/emails/0/address', /expected form/],
    ['an emergency contact without a phone', { emergencyContact: { fullName: 'Tom', relationship: 'Spouse' } }, '/update/changes/emergencyContact/phoneNumber', /missing/],
  ])('refuses %s, naming the field', (_, changes, field, reason) => {
    const err = sourceRefusal(() => read(updated(changes as never)));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(reason);
  });
});
