/** The topic of an event type: the type's own name, behind an optional environment prefix. */
export function topicFor(prefix: string, type: string): string {
  return `${prefix}${type}`;
}

export function typeOfTopic(prefix: string, topic: string): string {
  return topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
}
