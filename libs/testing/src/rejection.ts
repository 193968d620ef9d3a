/** What a promise rejects with; a resolution fails the test with `what` in the message. */
export async function rejection(p: Promise<unknown>, what = 'the call'): Promise<Error> {
  return p.then(
    () => {
      throw new Error(`expected ${what} to fail, it succeeded`);
    },
    (err: Error) => err,
  );
}
