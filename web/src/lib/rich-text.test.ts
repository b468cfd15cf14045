import { describe, expect, it } from 'vitest';
import { codePointLength, tokenize } from './rich-text';

describe('tokenize', () => {
  it('picks out hashtags (lowercased for the link) and mentions', () => {
    expect(tokenize('Hello #Sunset with @Bob.')).toEqual([
      { kind: 'text', text: 'Hello ' },
      { kind: 'tag', text: '#Sunset', tag: 'sunset' },
      { kind: 'text', text: ' with ' },
      { kind: 'mention', text: '@Bob', username: 'bob' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('ignores # and @ inside words (an email address is not a mention)', () => {
    expect(tokenize('mail ada@example.org or c#')).toEqual([
      { kind: 'text', text: 'mail ada@example.org or c#' },
    ]);
  });

  it('takes letters of any script in tags', () => {
    expect(tokenize('#café!')[0]).toEqual({ kind: 'tag', text: '#café', tag: 'café' });
  });
});

describe('codePointLength', () => {
  it('counts an emoji as one, as the server does', () => {
    expect(codePointLength('a😀b')).toBe(3);
  });
});
