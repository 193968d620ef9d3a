/** The HR system numbers workers `<ORGANISATION>-<n>` (FEN-10234): whether one is this force's. */
export const isWorkerOf = (employeeId: string, organisation: string): boolean => employeeId.startsWith(`${organisation}-`);
