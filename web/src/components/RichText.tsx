import { Link } from 'react-router';
import { tokenize } from '#/lib/rich-text';
import './RichText.css';

/** Text with its #hashtags linked to their tag page and @mentions to the profile. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {tokenize(text).map((token, i) =>
        token.kind === 'tag' ? (
          <Link key={i} to={`/tags/${encodeURIComponent(token.tag)}`} className="rich-link">
            {token.text}
          </Link>
        ) : token.kind === 'mention' ? (
          <Link key={i} to={`/u/${token.username}`} className="rich-link">
            {token.text}
          </Link>
        ) : (
          token.text
        ),
      )}
    </>
  );
}
