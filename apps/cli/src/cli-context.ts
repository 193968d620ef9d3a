import { HubApiClient } from './hub-api.client';

/** What every command needs: where the hub is, who is calling, how to print. */
export interface CliContext {
  api(): HubApiClient;
  /** Prints `value` as JSON with --json, else the text `human()` gives. */
  print(value: unknown, human: () => string): void;
  /** --json was given. */
  json(): boolean;
  /** Whether the output is a terminal (a progress bar is redrawn in place), and writing to it without a newline. */
  tty: boolean;
  write(text: string): void;
  out(text: string): void;
  sleep(ms: number): Promise<void>;
}
