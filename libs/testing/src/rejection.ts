/** What a promise rejects with; a resolution fails the test with `what` in the message. */
export async function rejection(p: Promise<unknown>, what = 'the call'): Promise<Error> {
  return p.then(
    () => {
      throw new Error(`expected ${what} to fail, it succeeded`);
    },
    (err: Error) => err,
  );
}

/** What `fn` throws, which must be a `type`; no throw, or another kind of error, fails the test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function thrown<E extends Error>(fn: () => unknown, type: new (...args: any[]) => E, what = 'the call'): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected ${what} to throw a ${type.name}, it returned`);
}
