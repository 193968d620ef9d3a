/** The topic of an event type: the type's own name, behind an optional environment prefix. */
export function topicFor(prefix: string, type: string): string {
  return `${prefix}${type}`;
}
