// The grades the ERP is configured with. A real ERP refuses a grade code its grade catalogue does
// not hold, and a force moving to it configures the catalogue from its pay structure; a grade left
// out is found when the first worker on it arrives.

/**
 * The grade the default catalogue leaves out on purpose: special constables (SC) are volunteers on
 * no salary, and the ERP's pay structures were set up from the paid grades. In a parallel run the
 * bureau takes a special constable and the ERP refuses them (422, `position.gradeCode` unknown),
 * the one realistic disagreement a demo can show, and then fix by adding the grade and replaying.
 */
export const GRADE_LEFT_OUT = 'SC';

/** Every grade in the canonical fixtures but GRADE_LEFT_OUT (a spec keeps it so). */
export const DEFAULT_GRADE_CATALOGUE: readonly string[] = ['PC-1', 'PC-2', 'PC-4', 'PC-5', 'PC-7', 'PS-1', 'SO1'];
