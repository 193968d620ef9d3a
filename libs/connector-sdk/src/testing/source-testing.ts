import { SourceInputError } from '../source-connector';

/** The SourceInputError a source connector throws reading an input; fails when it throws none, or another error. */
export function sourceRefusal(read: () => unknown): SourceInputError {
  try {
    read();
  } catch (err) {
    if (err instanceof SourceInputError) return err;
    throw err;
  }
  throw new Error('the input was read without a refusal');
}
