import { Client } from 'pg';
import { LANDSCAPE_CHANNEL } from './landscape-sql';

export interface LandscapeListener {
  close(): Promise<void>;
}

/**
 * LISTENs for new landscape versions of `schema` on a connection of its own (a pooled one would be
 * handed to other queries). `onVersion` gets each version number announced; `onLost` is called
 * once if the connection fails or ends (PostgreSQL restarting): the caller listens again and, since
 * a notification sent meanwhile is lost, asks for the latest version itself.
 */
export async function listenForLandscapeVersions(
  databaseUrl: string,
  schema: string,
  onVersion: (version: number) => void,
  onLost: (err: Error) => void,
  applicationName = 'hub-landscape-listener',
): Promise<LandscapeListener> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: applicationName });
  let closing = false;
  let lost = false;
  const lose = (err: Error) => {
    if (closing || lost) return;
    lost = true;
    onLost(err);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the landscape listener connection ended')));
  client.on('notification', (n) => {
    if (n.channel !== LANDSCAPE_CHANNEL || !n.payload) return;
    const at = n.payload.lastIndexOf(':');
    if (n.payload.slice(0, at) !== schema) return;
    const version = Number(n.payload.slice(at + 1));
    if (Number.isSafeInteger(version) && version > 0) onVersion(version);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${LANDSCAPE_CHANNEL}`);
  } catch (err) {
    closing = true;
    await client.end().catch(() => undefined);
    throw err;
  }
  return {
    async close() {
      closing = true;
      await client.end().catch(() => undefined);
    },
  };
}
