import { isUtf8 } from 'node:buffer';
import { escapeAttribute } from '@hub/events';
import { QuarantineReason, QuarantineRecord, RawMessage } from '@hub/ledger';
import type { SchemaRegistry } from '@hub/schema-registry';

/** A header or key as ops see it: its text when it is UTF-8 (escaped where text cannot show it), and its bytes. */
export interface BytesView {
  text?: string;
  base64: string;
}

export interface QuarantineMessageView {
  key: BytesView | null;
  headers: { key: string; value: BytesView | null }[];
  timestamp?: string;
  /** The value itself: only for callers who may read personal data, since it holds the event's data as posted. */
  value?: BytesView | null;
  valueBytes: number;
}

/** A quarantined message as the API answers it: personal data masked unless the caller may read it. */
export type QuarantineView = Omit<QuarantineRecord, 'raw'> & { raw?: QuarantineMessageView; masked: boolean };

function bytes(b: Buffer | null): BytesView | null {
  if (b === null) return null;
  return { ...(isUtf8(b) ? { text: escapeAttribute(b.toString('utf8')) } : {}), base64: b.toString('base64') };
}

function messageView(raw: RawMessage, valueBytes: number, personal: boolean): QuarantineMessageView {
  return {
    key: bytes(raw.key),
    headers: raw.headers.map((h) => ({ key: escapeAttribute(h.key), value: bytes(h.value) })),
    ...(raw.timestamp ? { timestamp: new Date(Number(raw.timestamp)).toISOString() } : {}),
    ...(personal ? { value: bytes(raw.value) } : {}),
    valueBytes,
  };
}

/**
 * Masks what could hold personal data: the event's data by its type's `x-pii` fields (all of it
 * when this API does not know the type), the raw value, and quoted values in PostgreSQL's messages.
 */
export function quarantineView(r: QuarantineRecord, registry: Pick<SchemaRegistry, 'mask'>, personal: boolean): QuarantineView {
  const { raw, ...rest } = r;
  const view: QuarantineView = { ...rest, masked: !personal, ...(raw ? { raw: messageView(raw, r.valueBytes, personal) } : {}) };
  if (personal) return view;
  if (view.event && 'data' in view.event) view.event = { ...view.event, data: registry.mask(r.type ?? '', view.event.data) };
  // PostgreSQL quotes the value it refused ('Token "…" is invalid.'): that may be a name.
  if (r.reason === QuarantineReason.LedgerRefused) view.message = view.message.replace(/"[^"]*"/g, '"***"');
  return view;
}
