import { SearchBox } from '#/components/SearchBox';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import './explore.css';

export default function SearchScreen() {
  useDocumentTitle('Search');
  return (
    <div className="page page--narrow search-page">
      <h1 className="page__title">Search</h1>
      <SearchBox inline autoFocus />
      <p className="muted small search-page__hint">
        Find people by their username or name, and tags by their first letters. Start with # for tags only, @
        for people only.
      </p>
    </div>
  );
}
