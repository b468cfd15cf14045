/** "Ada is typing…", read out politely; the line keeps its place while nobody types. */
export function TypingIndicator({ typers }: { typers: string[] }) {
  return (
    <div className="thread__typing muted" aria-live="polite" data-testid="typing">
      {typers.length > 0 && `${typers.join(', ')} ${typers.length > 1 ? 'are' : 'is'} typing…`}
    </div>
  );
}
