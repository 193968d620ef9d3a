/** Runs a bench tool's `main`: the process exits 0 when it resolves, and 1, printing why, when it fails. */
export function runTool(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
