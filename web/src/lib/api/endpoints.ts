// One typed function per API action the app uses (paths as in docs/openapi.yaml).
import { api, apiRequest } from './client';
import { type UploadProgress, uploadForm } from './upload';
import type {
  Comment,
  CommentPage,
  Conversation,
  DeletionScheduled,
  ConversationEnvelope,
  ConversationPage,
  LikeState,
  Login,
  LoginEnvelope,
  LoginForm,
  TwoFactorSetup,
  TwoFactorStatus,
  Message,
  MessageEnvelope,
  MessagePage,
  NotificationPage,
  OwnUser,
  PasswordChange,
  Post,
  PostEdit,
  PostEnvelope,
  PostPage,
  ProfileUpdate,
  PublicUserEnvelope,
  RegisterForm,
  RegistrationStatus,
  AuditEntry,
  HiddenWords,
  Import,
  Invite,
  InviteForm,
  ModerationAction,
  Page,
  PendingAccount,
  ReportForm,
  ReportGroup,
  ReportStatus,
  SaveState,
  SearchResults,
  ServerMetrics,
  User,
  UserEnvelope,
  UserPage,
} from './types';

const seg = encodeURIComponent;

export interface PageParams {
  cursor?: string | null;
  limit?: number;
}

export type Registration = { user: OwnUser; pending?: undefined } | { pending: true; user?: undefined };

export const authApi = {
  /** `started`: the boot script's request (boot/handoff.ts), taken instead of asking again. */
  me: async (started?: Promise<Response>): Promise<OwnUser> =>
    (await api.get<UserEnvelope>('/auth/me', { started })).user,
  /** `restored`: this login brought back an account its owner had asked to delete. */
  login: async (form: LoginForm): Promise<{ user: OwnUser; restored: boolean }> => {
    const body = await api.post<LoginEnvelope>('/auth/login', form);
    return { user: body.user, restored: body.restored === true };
  },
  /** Signed in at once (201), or waiting for a moderator's approval (202, registration "approval"). */
  register: async (form: RegisterForm & { inviteCode?: string }): Promise<Registration> => {
    const body = await api.post<UserEnvelope | { status: RegistrationStatus }>('/auth/register', form);
    return 'user' in body ? { user: body.user } : { pending: true };
  },
  logout: () => api.post<undefined>('/auth/logout'),
  logoutAll: () => api.post<undefined>('/auth/logout-all'),
  changePassword: (form: PasswordChange) => api.post<undefined>('/auth/password', form),
  logins: async (): Promise<Login[]> => (await api.get<{ items: Login[] }>('/auth/sessions')).items,
  endLogin: (id: string) => api.delete<undefined>(`/auth/sessions/${seg(id)}`),
  /** The second step of a login that answered two_factor_required (a TOTP or a recovery code). */
  loginSecondFactor: async (form: { challenge: string; code: string }): Promise<OwnUser> =>
    (await api.post<UserEnvelope>('/auth/login/2fa', form)).user,
};

export const twoFactorApi = {
  status: () => api.get<TwoFactorStatus>('/auth/2fa'),
  setup: () => api.post<TwoFactorSetup>('/auth/2fa/setup'),
  enable: async (code: string): Promise<string[]> =>
    (await api.post<{ recoveryCodes: string[] }>('/auth/2fa/enable', { code })).recoveryCodes,
  disable: (form: { password: string; code: string }) => api.post<undefined>('/auth/2fa/disable', form),
};

/** Deleting one's own account (API.md "Accounts for real life"). */
export const accountApi = {
  deleteAccount: (password: string) =>
    apiRequest<DeletionScheduled>('/users/me', { method: 'DELETE', body: { password } }),
};

export const usersApi = {
  get: async (username: string): Promise<User> =>
    (await api.get<PublicUserEnvelope>(`/users/${seg(username)}`)).user,
  updateMe: async (update: ProfileUpdate): Promise<OwnUser> =>
    (await api.patch<UserEnvelope>('/users/me', update)).user,
  follow: async (username: string): Promise<User> =>
    (await api.post<PublicUserEnvelope>(`/users/${seg(username)}/follow`)).user,
  unfollow: async (username: string): Promise<User> =>
    (await api.delete<PublicUserEnvelope>(`/users/${seg(username)}/follow`)).user,
  block: (username: string) => api.post<undefined>(`/users/${seg(username)}/block`),
  mute: (username: string) => api.post<undefined>(`/users/${seg(username)}/mute`),
  unmute: (username: string) => api.delete<undefined>(`/users/${seg(username)}/mute`),
  restrict: (username: string) => api.post<undefined>(`/users/${seg(username)}/restrict`),
  unrestrict: (username: string) => api.delete<undefined>(`/users/${seg(username)}/restrict`),
  muted: (page: PageParams) => api.get<UserPage>('/users/me/muted', { query: { ...page } }),
  restricted: (page: PageParams) => api.get<UserPage>('/users/me/restricted', { query: { ...page } }),
  hiddenWords: async (): Promise<string[]> => (await api.get<HiddenWords>('/users/me/hidden-words')).words,
  setHiddenWords: async (words: string[]): Promise<string[]> =>
    (await api.put<HiddenWords>('/users/me/hidden-words', { words })).words,
  unblock: (username: string) => api.delete<undefined>(`/users/${seg(username)}/block`),
  followers: (username: string, page: PageParams) =>
    api.get<UserPage>(`/users/${seg(username)}/followers`, { query: { ...page } }),
  following: (username: string, page: PageParams) =>
    api.get<UserPage>(`/users/${seg(username)}/following`, { query: { ...page } }),
  posts: (username: string, page: PageParams) =>
    api.get<PostPage>(`/users/${seg(username)}/posts`, { query: { ...page } }),
};

export const followRequestsApi = {
  list: (page: PageParams) => api.get<UserPage>('/follow-requests', { query: { ...page } }),
  accept: (userId: string) => api.post<undefined>(`/follow-requests/${seg(userId)}/accept`),
  decline: (userId: string) => api.post<undefined>(`/follow-requests/${seg(userId)}/decline`),
};

export const notificationsApi = {
  list: (page: PageParams) => api.get<NotificationPage>('/notifications', { query: { ...page } }),
  markRead: (upTo?: string) => api.post<undefined>('/notifications/read', upTo ? { upTo } : undefined),
};

export const savedApi = {
  list: (page: PageParams) => api.get<PostPage>('/saved', { query: { ...page } }),
};

export const feedApi = {
  home: (page: PageParams, started?: Promise<Response>) =>
    api.get<PostPage>('/feed', { query: { ...page }, started }),
  explore: (page: PageParams) => api.get<PostPage>('/explore', { query: { ...page } }),
  tag: (tag: string, page: PageParams) => api.get<PostPage>(`/tags/${seg(tag)}`, { query: { ...page } }),
};

// Publishing a post goes through lib/api/upload.ts (XMLHttpRequest, for upload progress).
export const postsApi = {
  get: async (id: string): Promise<Post> => (await api.get<PostEnvelope>(`/posts/${seg(id)}`)).post,
  delete: (id: string) => api.delete<undefined>(`/posts/${seg(id)}`),
  edit: async (id: string, edit: PostEdit): Promise<Post> =>
    (await api.patch<PostEnvelope>(`/posts/${seg(id)}`, edit)).post,
  like: (id: string) => api.post<LikeState>(`/posts/${seg(id)}/like`),
  // undefined: 204, the like is gone from a post the caller can no longer see.
  unlike: (id: string) => api.delete<LikeState | undefined>(`/posts/${seg(id)}/like`),
  save: (id: string) => api.post<SaveState>(`/posts/${seg(id)}/save`),
  unsave: (id: string) => api.delete<SaveState>(`/posts/${seg(id)}/save`),
  comments: (id: string, page: PageParams) =>
    api.get<CommentPage>(`/posts/${seg(id)}/comments`, { query: { ...page } }),
  addComment: async (id: string, text: string): Promise<Comment> =>
    (await api.post<{ comment: Comment }>(`/posts/${seg(id)}/comments`, { text })).comment,
  deleteComment: (commentId: string) => api.delete<undefined>(`/comments/${seg(commentId)}`),
};

export const searchApi = {
  search: (q: string, signal?: AbortSignal) => api.get<SearchResults>('/search', { query: { q }, signal }),
};

export interface NewImageMessage {
  image: File;
  text: string;
  clientId: string;
}

export type ConversationFolder = 'inbox' | 'requests';

export const conversationsApi = {
  list: (page: PageParams, folder: ConversationFolder = 'inbox') =>
    api.get<ConversationPage>('/conversations', {
      query: { ...page, ...(folder === 'requests' ? { folder } : {}) },
    }),
  accept: (id: string) => api.post<undefined>(`/conversations/${seg(id)}/accept`),
  /** Takes the conversation off my lists (the others keep it). */
  remove: (id: string) => api.delete<undefined>(`/conversations/${seg(id)}`),
  get: async (id: string): Promise<Conversation> =>
    (await api.get<ConversationEnvelope>(`/conversations/${seg(id)}`)).conversation,
  create: async (usernames: string[], title?: string): Promise<Conversation> =>
    (await api.post<ConversationEnvelope>('/conversations', title ? { usernames, title } : { usernames }))
      .conversation,
  addMembers: async (id: string, usernames: string[]): Promise<Conversation> =>
    (await api.post<ConversationEnvelope>(`/conversations/${seg(id)}/members`, { usernames })).conversation,
  leave: (id: string) => api.delete<undefined>(`/conversations/${seg(id)}/members`),
  /** History, newest first. */
  messages: (id: string, page: PageParams) =>
    api.get<MessagePage>(`/conversations/${seg(id)}/messages`, { query: { ...page } }),
  /** Catch-up: what came after `after`, OLDEST first (keep `after`, follow the cursor). */
  messagesAfter: (id: string, after: string, cursor: string | null) =>
    api.get<MessagePage>(`/conversations/${seg(id)}/messages`, {
      query: { after, limit: 100, ...(cursor ? { cursor } : {}) },
    }),
  send: async (id: string, text: string, clientId: string): Promise<Message> =>
    (await api.post<MessageEnvelope>(`/conversations/${seg(id)}/messages`, { text, clientId })).message,
  /** An image message, through the posts' upload client (lib/api/upload.ts) for its progress. */
  sendImage: async (
    id: string,
    form: NewImageMessage,
    onProgress: (progress: UploadProgress) => void = () => undefined,
  ): Promise<Message> => {
    const body = () => {
      const data = new FormData();
      data.append('image', form.image, form.image.name);
      data.append('text', form.text);
      data.append('clientId', form.clientId);
      return data;
    };
    return (await uploadForm<MessageEnvelope>(`/conversations/${seg(id)}/messages`, body, onProgress))
      .message;
  },
  markRead: (id: string, messageId: string) =>
    api.post<undefined>(`/conversations/${seg(id)}/read`, { messageId }),
};

export const reportsApi = {
  /** 201 for a new report, 200 with the same one when this person reported the target before. */
  create: (form: ReportForm) => api.post<{ report: { id: string; status: ReportStatus } }>('/reports', form),
};

/** Moderator and admin endpoints: 404 for everyone else, as if they did not exist. */
export const adminApi = {
  reports: (status: ReportStatus, page: PageParams) =>
    api.get<Page<ReportGroup>>('/admin/reports', { query: { status, ...page } }),
  resolve: (reportId: string, action: ModerationAction, note: string) =>
    api.post<unknown>(`/admin/reports/${seg(reportId)}/resolve`, { action, note }),
  suspend: (username: string, reason: string, until?: string) =>
    api.post<undefined>(`/admin/users/${seg(username)}/suspend`, until ? { reason, until } : { reason }),
  unsuspend: (username: string) => api.delete<undefined>(`/admin/users/${seg(username)}/suspend`),
  /** Removes a post or comment as a moderator; its author is told the reason. */
  removeContent: (type: 'post' | 'comment', id: string, reason: string) =>
    apiRequest<undefined>(`/admin/${type === 'post' ? 'posts' : 'comments'}/${seg(id)}`, {
      method: 'DELETE',
      body: { reason },
    }),
  pendingUsers: (page: PageParams) =>
    api.get<Page<PendingAccount>>('/admin/users', { query: { status: 'pending', ...page } }),
  approve: (username: string) => api.post<undefined>(`/admin/users/${seg(username)}/approve`),
  reject: (username: string) => api.post<undefined>(`/admin/users/${seg(username)}/reject`),
  invites: (page: PageParams) => api.get<Page<Invite>>('/admin/invites', { query: { ...page } }),
  createInvite: (form: InviteForm) => api.post<Invite | { invite: Invite }>('/admin/invites', form),
  revokeInvite: (code: string) => api.delete<undefined>(`/admin/invites/${seg(code)}`),
  audit: (page: PageParams) => api.get<Page<AuditEntry>>('/admin/audit', { query: { ...page } }),
  serverMetrics: () => api.get<ServerMetrics>('/admin/server/metrics'),
};

/** Instagram import (API.md "Accounts for real life"): the upload, then the background job's state. */
export const importsApi = {
  start: (archive: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal) =>
    uploadForm<{ import: { id: string; status: string } }>(
      '/imports/instagram',
      () => {
        const data = new FormData();
        data.append('archive', archive, archive.name);
        return data;
      },
      onProgress,
      signal,
    ),
  get: (id: string) => api.get<Import>(`/imports/${seg(id)}`),
  latest: () => api.get<Page<Import>>('/imports', { query: { limit: 1 } }),
};
