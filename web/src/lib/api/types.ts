// Names for the shapes the app uses. Those the OpenAPI document already has come
// from the generated schema; the post shapes follow shared/API.md until the
// server's docs/openapi.yaml describes them (then `npm run gen:api` and alias them here).
import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type OwnUser = Schemas['OwnUser'];
export type UserEnvelope = Schemas['UserEnvelope'];
export type PublicUserEnvelope = Schemas['PublicUserEnvelope'];
export type UserPage = Schemas['UserPage'];
export type RegisterForm = Schemas['RegisterForm'];
export type LoginForm = Schemas['LoginForm'];
export type ProfileUpdate = Schemas['ProfileUpdate'];
export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
export type NotificationType = Notification['type'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PostAuthor {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

export interface MediaVariant {
  url: string;
  width: number;
  height: number;
  type: string;
}

export interface PostMedia {
  url: string;
  width: number;
  height: number;
  alt: string;
  placeholder: string;
  variants: MediaVariant[];
}

export interface Post {
  id: string;
  author: PostAuthor;
  caption: string;
  media: PostMedia[];
  likeCount: number;
  commentCount: number;
  likedByMe: boolean;
  savedByMe: boolean;
  createdAt: string;
}

export type PostPage = Page<Post>;
