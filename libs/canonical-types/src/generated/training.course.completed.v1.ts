// Generated from schemas/ by scripts/schema-types.js (npm run schemas:types). Do not edit:
// a unit spec fails when the generated types and the schemas drift apart.
/* eslint-disable */

import type { CalendarDate, EmployeeId, RecordId } from './common.v1';

/**
 * A person completes a course or assessment, passed or not. Emitted by the learning management system when the result is recorded. For mandated training (officer safety training, first aid, Taser, public order, police driving) expiresOn is the date the qualification lapses: duty management stops deploying a person to duties that need it after that day, HR tracks compliance. A pass in mandated training must carry expiresOn.
 */
export interface TrainingCourseCompletedV1Data {
  completionId: RecordId;
  employeeId: EmployeeId;
  course: {
    code: string;
    title: string;
    /**
     * The mandated qualification the course gives or renews; absent for other training.
     */
    mandate?:
      "officer-safety" | "first-aid" | "taser" | "public-order" | "police-driving" | "firearms" | "data-protection";
    provider?: string;
  };
  completedOn: CalendarDate;
  result: "pass" | "fail" | "attended" | "deferred";
  /**
   * Assessment score in percent, when graded.
   */
  score?: number;
  expiresOn?: CalendarDate;
  trainingHours?: number;
}
