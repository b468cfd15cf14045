import type { Conversation, Participant } from '#/lib/api/types';

export function othersOf(conversation: Conversation, myId: string): Participant[] {
  const others = conversation.participants.filter((p) => p.id !== myId);
  return others.length > 0 ? others : conversation.participants;
}

export function conversationTitle(conversation: Conversation, myId: string): string {
  if (conversation.title) return conversation.title;
  const names = othersOf(conversation, myId).map((p) => p.displayName || p.username);
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 3).join(', ')} +${names.length - 3}`;
}

/** "Active now", "Active 5 m ago", … of the others in a conversation; null when unknown. */
export function presenceLine(
  conversation: Conversation,
  myId: string,
  now: Date = new Date(),
): string | null {
  const others = othersOf(conversation, myId);
  if (others.some((p) => p.online)) return 'Active now';
  let latest: number | null = null;
  for (const p of others) {
    if (!p.lastSeenAt) continue;
    const at = Date.parse(p.lastSeenAt);
    if (latest === null || at > latest) latest = at;
  }
  if (latest === null) return null;
  const minutes = Math.max(1, Math.floor((now.getTime() - latest) / 60_000));
  if (minutes < 60) return `Active ${minutes} m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Active ${hours} h ago`;
  return `Active ${Math.floor(hours / 24)} d ago`;
}
