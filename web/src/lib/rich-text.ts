// Captions and comments as plain text with #hashtags and @mentions picked out,
// by the server's rules closely enough for links (server/api/posts/post_rules.cpp):
// a tag is letters, digits and '_'; a mention is a username ([a-z0-9._], 3–30);
// neither starts in the middle of a word.

export type RichToken =
  | { kind: 'text'; text: string }
  | { kind: 'tag'; text: string; tag: string }
  | { kind: 'mention'; text: string; username: string };

const PATTERN = /(^|[^\p{L}\p{N}_])(#([\p{L}\p{N}_]+)|@([A-Za-z0-9._]{3,30}))/gu;

export function tokenize(text: string): RichToken[] {
  const tokens: RichToken[] = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    const lead = match[1] ?? '';
    const start = (match.index ?? 0) + lead.length;
    if (start > last) tokens.push({ kind: 'text', text: text.slice(last, start) });
    const whole = match[2] ?? '';
    if (match[3] !== undefined) {
      tokens.push({ kind: 'tag', text: whole, tag: match[3].toLowerCase() });
    } else {
      // A trailing '.' ends the sentence more often than the username.
      const username = (match[4] ?? '').replace(/\.+$/, '');
      tokens.push({ kind: 'mention', text: `@${username}`, username: username.toLowerCase() });
      if (username.length + 1 < whole.length) {
        last = start + username.length + 1;
        continue;
      }
    }
    last = start + whole.length;
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) });
  return tokens;
}

/** Length in code points, as the server counts caption and comment limits. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}
