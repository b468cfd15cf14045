import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { SearchResults } from '#/lib/api/types';
import { compactCount, plural } from '#/lib/format';
import { useDebouncedValue } from '#/lib/hooks/useDebouncedValue';
import { isSearchable, useSearch } from '#/state/queries/search';
import { Avatar } from './Avatar';
import { CloseIcon, HashIcon, SearchIcon } from './Icons';
import './SearchBox.css';

export const SEARCH_DEBOUNCE_MS = 200;

export interface SearchOption {
  key: string;
  kind: 'user' | 'tag';
  href: string;
  label: string;
  detail: string;
  user?: SearchResults['users'][number];
}

/** The suggestions in the order the list shows and the arrow keys walk: accounts, then tags. */
export function searchOptions(results: SearchResults | undefined): SearchOption[] {
  if (!results) return [];
  return [
    ...results.users.map<SearchOption>((user) => ({
      key: `user-${user.id}`,
      kind: 'user',
      href: `/u/${user.username}`,
      label: user.username,
      detail: user.displayName && user.displayName !== user.username ? user.displayName : '',
      user,
    })),
    ...results.tags.map<SearchOption>((tag) => ({
      key: `tag-${tag.name}`,
      kind: 'tag',
      href: `/tags/${encodeURIComponent(tag.name)}`,
      label: `#${tag.name}`,
      detail: `${compactCount(tag.postCount)} ${plural(tag.postCount, 'post', 'posts')}`,
    })),
  ];
}

/**
 * Search accounts and tags as you type: an ARIA 1.2 combobox (the input keeps
 * focus; ↑/↓ move the active option, named by aria-activedescendant; Enter
 * opens it; Escape closes the list, then clears). `inline` shows the list in
 * the page (the search screen) instead of as a popup.
 */
export function SearchBox({ inline = false, autoFocus = false }: { inline?: boolean; autoFocus?: boolean }) {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(inline);
  // The active option by key: when new suggestions arrive it stays on the same
  // account or tag if it is still there, and is cleared otherwise.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const query = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const search = useSearch(query);
  const id = useId();
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);

  const searchable = isSearchable(text);
  // Only suggestions for what is typed now (or a moment ago, while the next ones load).
  const options = useMemo(() => (searchable ? searchOptions(search.data) : []), [searchable, search.data]);
  const settled = searchable && query === text && !search.isFetching && search.isSuccess;
  const expanded = open && options.length > 0;
  const noResults = open && settled && options.length === 0;
  const optionId = (index: number) => `${id}-option-${index}`;
  const active = activeKey === null ? -1 : options.findIndex((o) => o.key === activeKey);
  const setActive = (index: number) => setActiveKey(options[index]?.key ?? null);

  useEffect(() => {
    if (!autoFocus) return;
    // After the shell's own effect, which moves focus to <main> on every new screen.
    const timer = setTimeout(() => inputRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [autoFocus]);

  const choose = (option: SearchOption) => {
    setOpen(inline);
    setActive(-1);
    setText('');
    void navigate(option.href);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        if (count > 0) setActive((active + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        if (count > 0) setActive(active <= 0 ? count - 1 : active - 1);
        break;
      case 'Enter': {
        const tag = /^#([\p{L}\p{N}_]+)$/u.exec(text.trim());
        const chosen = active >= 0 ? options[active] : undefined;
        if (chosen) {
          event.preventDefault();
          choose(chosen);
        } else if (tag?.[1]) {
          // A whole #tag typed: its page, whether or not it is among the suggestions yet.
          event.preventDefault();
          choose({
            key: 'typed',
            kind: 'tag',
            href: `/tags/${encodeURIComponent(tag[1].toLowerCase())}`,
            label: '',
            detail: '',
          });
        }
        break;
      }
      case 'Escape':
        if (expanded && !inline) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          setText('');
        }
        break;
      default:
        break;
    }
  };

  const users = options.filter((o) => o.kind === 'user');
  const tags = options.filter((o) => o.kind === 'tag');
  const renderOption = (option: SearchOption) => {
    const index = options.indexOf(option);
    return (
      <div
        key={option.key}
        id={optionId(index)}
        role="option"
        aria-selected={index === active}
        className={`search-option${index === active ? ' search-option--active' : ''}`}
        // Keep focus in the input (a mousedown elsewhere would blur it and close the list first).
        onMouseDown={(event) => event.preventDefault()}
        onMouseMove={() => setActive(index)}
        onClick={() => choose(option)}
      >
        {option.user ? (
          <Avatar user={option.user} size="md" />
        ) : (
          <span className="search-option__tag-icon" aria-hidden="true">
            <HashIcon size={20} />
          </span>
        )}
        <span className="search-option__names">
          <span className="search-option__label">{option.label}</span>
          {option.detail && <span className="search-option__detail muted">{option.detail}</span>}
        </span>
      </div>
    );
  };

  const status = !searchable
    ? ''
    : settled
      ? options.length === 0
        ? 'No results.'
        : `${options.length} ${plural(options.length, 'suggestion', 'suggestions')}. Use the up and down arrows to choose.`
      : '';

  return (
    <div className={`search-box${inline ? ' search-box--inline' : ''}`}>
      <div className="search-box__field">
        <SearchIcon size={18} className="search-box__icon" />
        <input
          ref={inputRef}
          type="text"
          className="search-box__input"
          placeholder="Search"
          aria-label="Search accounts and tags"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          enterKeyHint="search"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            if (!inline) setOpen(false);
          }}
        />
        {text && (
          <button
            type="button"
            className="search-box__clear"
            aria-label="Clear search"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              setText('');
              inputRef.current?.focus();
            }}
          >
            <CloseIcon size={14} />
          </button>
        )}
      </div>
      <div
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        className="search-box__list"
        hidden={!expanded}
      >
        {users.length > 0 && (
          <div role="group" aria-labelledby={`${id}-users`}>
            <div id={`${id}-users`} role="presentation" className="search-box__group">
              Accounts
            </div>
            {users.map(renderOption)}
          </div>
        )}
        {tags.length > 0 && (
          <div role="group" aria-labelledby={`${id}-tags`}>
            <div id={`${id}-tags`} role="presentation" className="search-box__group">
              Tags
            </div>
            {tags.map(renderOption)}
          </div>
        )}
      </div>
      {noResults && <div className="search-box__list search-box__empty muted">No results.</div>}
      <p className="visually-hidden" role="status">
        {status}
      </p>
    </div>
  );
}
