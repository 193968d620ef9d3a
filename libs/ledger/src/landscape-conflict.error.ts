/** A landscape change derived from a version that is no longer the latest: derive it again from the latest. */
export class LandscapeVersionConflict extends Error {
  readonly code = 'landscape-version-conflict';
  constructor(readonly latest: number, readonly basedOn: number) {
    super(`the landscape is at version ${latest}, not ${basedOn}: derive the change from version ${latest}`);
    this.name = 'LandscapeVersionConflict';
  }
}
