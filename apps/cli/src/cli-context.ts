import { HubApiClient } from './hub-api.client';

/** What every command needs: where the hub is, who is calling, how to print. */
export interface CliContext {
  api(): HubApiClient;
  /** Prints `value` as JSON with --json, else the text `human()` gives. */
  print(value: unknown, human: () => string): void;
}
