import { isUtf8 } from 'node:buffer';
import { escapeAttribute } from '@hub/events';
import { BytesView, QuarantineMessageView, QuarantineReason, QuarantineRecord, QuarantineView, RawMessage } from '@hub/ledger';
import type { SchemaRegistry } from '@hub/schema-registry';

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
