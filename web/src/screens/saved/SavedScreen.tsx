import { EmptyState } from '#/components/EmptyState';
import { BookmarkIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostGrid } from '#/components/PostGrid';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useSavedPosts } from '#/state/queries/saved';

/**
 * /saved: the posts the caller saved, as a grid with infinite scroll. A post
 * unsaved elsewhere (its page, a feed) leaves at once: every cached copy's
 * `savedByMe` flips together (cache/post-shadow.ts), and the list is
 * refetched when next shown.
 */
export default function SavedScreen() {
  useDocumentTitle('Saved');
  const saved = useSavedPosts();
  const posts = (saved.data?.pages.flatMap((page) => page.items) ?? []).filter((post) => post.savedByMe);
  return (
    <div className="page">
      <h1 className="page__title">Saved</h1>
      {saved.isPending ? (
        <Spinner label="Loading saved posts" />
      ) : saved.isError ? (
        <QueryError error={saved.error} onRetry={() => void saved.refetch()} />
      ) : posts.length === 0 && !saved.hasNextPage ? (
        <EmptyState icon={<BookmarkIcon size={40} />} title="Nothing saved yet">
          Save photos you want to see again: tap the bookmark under a post. Only you can see what you saved.
        </EmptyState>
      ) : (
        <>
          <PostGrid posts={posts} label="Saved posts" />
          <LoadMore
            hasMore={saved.hasNextPage}
            loading={saved.isFetchingNextPage}
            onMore={() => void saved.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
