// The moderation screen's data: the report queue, pending accounts, invites and
// the audit log. Every endpoint here answers 404 to people who are not moderators.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '#/lib/api/endpoints';
import type { Invite, InviteForm, ModerationAction, OwnUser, ReportStatus, Role } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';

export const moderationKeys = {
  all: ['moderation'] as const,
  reports: (status: ReportStatus) => ['moderation', 'reports', status] as const,
  pending: () => ['moderation', 'pending'] as const,
  invites: () => ['moderation', 'invites'] as const,
  audit: () => ['moderation', 'audit'] as const,
};

/** The signed-in person's role ("user" when a cached copy predates roles). */
export function roleOf(user: OwnUser): Role {
  return user.role === 'admin' || user.role === 'moderator' ? user.role : 'user';
}

export function isModerator(user: OwnUser): boolean {
  return roleOf(user) !== 'user';
}

export function isAdmin(user: OwnUser): boolean {
  return roleOf(user) === 'admin';
}

const PAGE = 20;

function paged<T>(key: readonly unknown[], fetchPage: (cursor: string | null) => Promise<T>, enabled = true) {
  return {
    queryKey: key,
    queryFn: ({ pageParam }: { pageParam: string | null }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    staleTime: STALE.SECONDS.FIFTEEN,
    enabled,
  };
}

export function useReportQueue(status: ReportStatus) {
  return useInfiniteQuery({
    ...paged(moderationKeys.reports(status), (cursor) => adminApi.reports(status, { cursor, limit: PAGE })),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePendingAccounts(enabled: boolean) {
  return useInfiniteQuery({
    ...paged(moderationKeys.pending(), (cursor) => adminApi.pendingUsers({ cursor, limit: PAGE }), enabled),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useInvites(enabled: boolean) {
  return useInfiniteQuery({
    ...paged(moderationKeys.invites(), (cursor) => adminApi.invites({ cursor, limit: PAGE }), enabled),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useAuditLog(enabled: boolean) {
  return useInfiniteQuery({
    ...paged(moderationKeys.audit(), (cursor) => adminApi.audit({ cursor, limit: PAGE }), enabled),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export interface Resolution {
  reportId: string;
  action: ModerationAction;
  note: string;
  /** For "suspend": the author, and when the suspension ends (absent: until lifted). */
  author?: string;
  until?: string;
}

/**
 * Resolves a target's reports with one action. Resolving with "suspend" suspends
 * until lifted; a chosen end is then set through the suspend endpoint, which
 * replaces the suspension's reason and end (an upsert on the server).
 */
export function useResolveReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ reportId, action, note, author, until }: Resolution) => {
      await adminApi.resolve(reportId, action, note);
      if (action === 'suspend' && until && author) await adminApi.suspend(author, note, until);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: moderationKeys.all }),
  });
}

/** Suspends an account outside a report's resolution (e.g. after its content was removed). */
export function useSuspend() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, reason, until }: { username: string; reason: string; until?: string }) =>
      adminApi.suspend(username, reason, until),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: moderationKeys.all }),
  });
}

export function useDecideAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, approve }: { username: string; approve: boolean }) =>
      approve ? adminApi.approve(username) : adminApi.reject(username),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: moderationKeys.pending() });
      void queryClient.invalidateQueries({ queryKey: moderationKeys.audit() });
    },
  });
}

/** The API may wrap the new invite (`{invite}`) or not: either way, the invite. */
export function inviteOf(body: Invite | { invite: Invite }): Invite {
  return 'invite' in body ? body.invite : body;
}

export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (form: InviteForm) => inviteOf(await adminApi.createInvite(form)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: moderationKeys.invites() }),
  });
}

export function useRevokeInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => adminApi.revokeInvite(code),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: moderationKeys.invites() }),
  });
}
