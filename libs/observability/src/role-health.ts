/** What one role says about its own work, beside its stores' pings: up, or down with why. */
export interface RoleHealthReport {
  up: boolean;
  message?: string;
  details?: Record<string, unknown>;
}

export type RoleHealthCheck = () => RoleHealthReport | Promise<RoleHealthReport>;

/**
 * The health checks of the roles running in this process (e.g. the router's progress), which the
 * API's /health/ready and the ops port's both include. A role registers its check when it starts
 * and removes it when it stops, so a process without that role reports nothing for it. Lives here,
 * in a library, because both an app (the API) and the host (apps/hub) read it.
 */
export class RoleHealthRegistry {
  private readonly checks = new Map<string, RoleHealthCheck>();

  /** Answers the function that removes it. A second check under a taken name gets a numbered one (two routers in one test process). */
  register(name: string, check: RoleHealthCheck): () => void {
    let key = name;
    for (let n = 2; this.checks.has(key); n++) key = `${name}-${n}`;
    this.checks.set(key, check);
    return () => {
      if (this.checks.get(key) === check) this.checks.delete(key);
    };
  }

  entries(): [string, RoleHealthCheck][] {
    return [...this.checks];
  }

  /** Runs every check; one that throws counts as down with its message. */
  async run(): Promise<[string, RoleHealthReport][]> {
    return Promise.all(
      this.entries().map(async ([name, check]): Promise<[string, RoleHealthReport]> => {
        try {
          return [name, await check()];
        } catch (err) {
          return [name, { up: false, message: (err as Error).message }];
        }
      }),
    );
  }
}

let instance: RoleHealthRegistry | undefined;

/** The process's one registry. */
export function roleHealth(): RoleHealthRegistry {
  instance ??= new RoleHealthRegistry();
  return instance;
}
