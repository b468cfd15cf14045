import { useState } from 'react';
import { Avatar } from '#/components/Avatar';
import { CloseIcon } from '#/components/Icons';
import { Spinner } from '#/components/Spinner';
import type { User } from '#/lib/api/types';
import { useDebouncedValue } from '#/lib/hooks/useDebouncedValue';
import { isSearchable, useSearch } from '#/state/queries/search';

/** Chooses people through GET /search: chips of the chosen, and suggestions to add. */
export function PeoplePicker({
  chosen,
  onChange,
  exclude,
}: {
  chosen: User[];
  onChange: (next: User[]) => void;
  /** Ids not to offer (me, members already in the group). */
  exclude: Set<string>;
}) {
  const [q, setQ] = useState('');
  const settled = useDebouncedValue(q, 200);
  const search = useSearch(settled.replace(/^@/, ''));
  const chosenIds = new Set(chosen.map((u) => u.id));
  const suggestions = isSearchable(settled)
    ? (search.data?.users ?? []).filter((u) => !exclude.has(u.id) && !chosenIds.has(u.id))
    : [];

  return (
    <div className="picker">
      {chosen.length > 0 && (
        <ul className="picker__chips" aria-label="Chosen">
          {chosen.map((user) => (
            <li key={user.id} className="picker__chip">
              {user.username}
              <button
                type="button"
                className="picker__chip-remove"
                aria-label={`Remove ${user.username}`}
                onClick={() => onChange(chosen.filter((u) => u.id !== user.id))}
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        className="field__input"
        type="search"
        placeholder="Search people"
        aria-label="Search people"
        value={q}
        autoFocus
        onChange={(event) => setQ(event.target.value)}
      />
      {search.isFetching && suggestions.length === 0 && <Spinner label="Searching" />}
      <ul className="picker__results" aria-label="People">
        {suggestions.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              className="picker__result"
              onClick={() => {
                onChange([...chosen, user]);
                setQ('');
              }}
            >
              <Avatar user={user} size="sm" />
              <span className="picker__names">
                <span className="strong">{user.username}</span>
                {user.displayName && <span className="muted">{user.displayName}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
