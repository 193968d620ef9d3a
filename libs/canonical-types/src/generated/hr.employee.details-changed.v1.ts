// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

/**
 * A person's own details change: legal or preferred name, home address, personal contact details or emergency contact. Emitted by the shared HR system (employee self-service or an HR officer) when the change is saved. `changed` carries only what changed, each part whole. Bank details are never carried: they stay in payroll, where the employee changes them directly.
 */
export interface HrEmployeeDetailsChangedV1Data {
  /**
   * The HR system's stable identifier of a person's employment record (collar or staff number).
   */
  employeeId: string;
  changed: {
    name?: PersonName;
    preferredName?: string;
    homeAddress?: Address;
    personalEmail?: string;
    /**
     * A person's telephone number, national or international (+44) form.
     */
    homePhone?: string;
    /**
     * A person's telephone number, national or international (+44) form.
     */
    mobilePhone?: string;
    emergencyContact?: {
      name: string;
      relationship: string;
      /**
       * A person's telephone number, national or international (+44) form.
       */
      phone: string;
    };
  };
  /**
   * The first day on which the fact holds (business date, not the date the event was sent). May be in the past (backdated) or the future.
   */
  effectiveFrom: string;
  corrects?: Correction;
}
export interface PersonName {
  title?: string;
  forename: string;
  middleNames?: string;
  surname: string;
}
/**
 * A UK postal address of a person (home address). Every part is personal.
 */
export interface Address {
  /**
   * @minItems 1
   * @maxItems 4
   */
  lines: [string] | [string, string] | [string, string, string] | [string, string, string, string];
  town: string;
  county?: string;
  postcode: string;
}
/**
 * Names the event this one corrects, by the CloudEvents `source` and `id` of that event (unique together). A correcting event restates the whole fact as it should have been; consumers replace what the corrected event told them.
 */
export interface Correction {
  source: string;
  id: string;
  reason: string;
}
