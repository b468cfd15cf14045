// Names for the shapes the app uses, all from the schema generated from
// docs/openapi.yaml (`npm run gen:api`).
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type OwnUser = Schemas['OwnUser'];
export type UserEnvelope = Schemas['UserEnvelope'];
export type LoginEnvelope = Schemas['LoginEnvelope'];
export type DeletionScheduled = Schemas['DeletionScheduled'];
export type PublicUserEnvelope = Schemas['PublicUserEnvelope'];
export type UserPage = Schemas['UserPage'];
export type RegisterForm = Schemas['RegisterForm'];
export type LoginForm = Schemas['LoginForm'];
export type ProfileUpdate = Schemas['ProfileUpdate'];
export type PasswordChange = Schemas['PasswordChange'];
export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
export type NotificationType = Notification['type'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PostAuthor = Schemas['PostAuthor'];
export type MediaVariant = Schemas['MediaVariant'];
export type PostMedia = Schemas['PostMedia'];
export type Post = Schemas['Post'];
export type PostPage = Schemas['PostPage'];
export type SearchResults = Schemas['SearchResults'];
export type PostEnvelope = Schemas['PostEnvelope'];
export type Comment = Schemas['Comment'];
export type CommentPage = Schemas['CommentPage'];
export type LikeState = Schemas['LikeState'];
export type SaveState = Schemas['SaveState'];
export type SearchTag = SearchResults['tags'][number];
export type Participant = Schemas['Participant'];
export type Message = Schemas['Message'];
export type MessagePage = Schemas['MessagePage'];
export type Conversation = Schemas['Conversation'];
export type ConversationPage = Schemas['ConversationPage'];
export type ConversationEnvelope = Schemas['ConversationEnvelope'];
export type MessageEnvelope = Schemas['MessageEnvelope'];

/** PATCH /posts/{id}: absent fields stay as they are; `alt` is one per image, in order. */
export interface PostEdit {
  caption?: string;
  alt?: string[];
}

/** One of my logins (GET /auth/sessions). */
export type Login =
  paths['/auth/sessions']['get']['responses']['200']['content']['application/json']['items'][number];

/** Whether two-factor is on (GET /auth/2fa). */
export type TwoFactorStatus = paths['/auth/2fa']['get']['responses']['200']['content']['application/json'];
/** A pending two-factor setup: the secret, its otpauth URL and the QR code as SVG. */
export type TwoFactorSetup =
  paths['/auth/2fa/setup']['post']['responses']['200']['content']['application/json'];
/** An Instagram import and its counters (GET /imports/{id}, `import:progress`). */
export type Import = Schemas['Import'];
export type ImportProblem = Schemas['ImportProblem'];

// ---------------------------------------------------------------------------
// Safety and moderation (shared/API.md "Safety and moderation").

export type Role = Schemas['Role'];
export type ServerMetrics = Schemas['ServerMetrics'];
export type ServerSample = Schemas['ServerSample'];
export type ReportTargetType = 'post' | 'comment' | 'user' | 'message';
export type ReportReason =
  'spam' | 'harassment' | 'hate' | 'nudity' | 'violence' | 'self_harm' | 'impersonation' | 'other';
export type ModerationAction = 'dismiss' | 'remove' | 'suspend' | 'warn';
export type ReportStatus = 'open' | 'resolved';
export type RegistrationStatus = 'pending_approval';

export interface ReportForm {
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportReason;
  note?: string;
}

/** What a report is about, as the moderation queue shows it (the server's own short preview). */
export interface ReportTarget {
  type: ReportTargetType;
  id: string;
  preview: unknown;
}

export interface Report {
  id: string;
  status: ReportStatus;
  reason: ReportReason;
  note: string;
  reporter: { id: string; username: string; displayName?: string; avatarUrl?: string | null };
  createdAt: string;
  /** Resolved reports: what was done (deleted: the content went by its author's hand). */
  resolution?: ModerationAction | 'deleted';
  resolvedAt?: string;
}

/** One item of the moderation queue: every report about one target. */
export interface ReportGroup {
  target: ReportTarget;
  reports: Report[];
  count: number;
}

export interface AuditEntry {
  id: string;
  actor: { id: string; username: string } | null;
  action: string;
  target: unknown;
  reason: string | null;
  at: string;
}

export type Invite = Schemas['Invite'];
export type PendingAccount = Schemas['PendingAccount'];

export interface InviteForm {
  uses: number;
  expiresInDays: number;
}

export type HiddenWords = Schemas['HiddenWords'];
