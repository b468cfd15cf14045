import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RedirectIfSignedIn, RequireAuth } from './RequireAuth';
import HomeScreen from '#/screens/HomeScreen';
import LoginScreen from '#/screens/LoginScreen';
import { AuthFrame, Shell } from './Shell';

// The two screens a first visit shows are in the entry: a lazy screen suspends
// on its first render even when its chunk is already loaded, and React holds a
// revealed Suspense boundary back (up to 300 ms) — straight onto the largest
// paint. Every other screen is its own chunk, loaded when first visited.
const SignupScreen = lazy(() => import('#/screens/SignupScreen'));
const ProfileScreen = lazy(() => import('#/screens/ProfileScreen'));
const EditProfileScreen = lazy(() => import('#/screens/EditProfileScreen'));
const FollowRequestsScreen = lazy(() => import('#/screens/FollowRequestsScreen'));
const NotificationsScreen = lazy(() => import('#/screens/NotificationsScreen'));
const SettingsScreen = lazy(() => import('#/screens/SettingsScreen'));
const NotFoundScreen = lazy(() => import('#/screens/NotFoundScreen'));
const ComposeScreen = lazy(() => import('#/screens/compose/ComposeScreen'));
const PostScreen = lazy(() => import('#/screens/post/PostScreen'));
const ExploreScreen = lazy(() => import('#/screens/explore/ExploreScreen'));
const TagScreen = lazy(() => import('#/screens/explore/TagScreen'));
const SearchScreen = lazy(() => import('#/screens/explore/SearchScreen'));
const MessagesScreen = lazy(() => import('#/screens/messages/MessagesScreen'));
const SavedScreen = lazy(() => import('#/screens/saved/SavedScreen'));
const ModerationScreen = lazy(() => import('#/screens/moderation/ModerationScreen'));
const ServerScreen = lazy(() => import('#/screens/server/ServerScreen'));
const ForgotPasswordScreen = lazy(() => import('#/screens/ForgotPasswordScreen'));
const ResetPasswordScreen = lazy(() => import('#/screens/ResetPasswordScreen'));
const VerifyEmailScreen = lazy(() => import('#/screens/VerifyEmailScreen'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<RedirectIfSignedIn />}>
        <Route element={<AuthFrame />}>
          <Route path="/login" element={<LoginScreen />} />
          <Route path="/signup" element={<SignupScreen />} />
          <Route path="/forgot-password" element={<ForgotPasswordScreen />} />
        </Route>
      </Route>
      {/* Mailed links: they work signed in or out. */}
      <Route element={<AuthFrame />}>
        <Route path="/reset-password" element={<ResetPasswordScreen />} />
        <Route path="/verify-email" element={<VerifyEmailScreen />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route element={<Shell />}>
          <Route index element={<HomeScreen />} />
          <Route path="/new" element={<ComposeScreen />} />
          <Route path="/p/:id" element={<PostScreen />} />
          <Route path="/explore" element={<ExploreScreen />} />
          <Route path="/search" element={<SearchScreen />} />
          <Route path="/tags/:tag" element={<TagScreen />} />
          <Route path="/messages" element={<MessagesScreen />} />
          <Route path="/messages/:id" element={<MessagesScreen />} />
          <Route path="/notifications" element={<NotificationsScreen />} />
          <Route path="/follow-requests" element={<FollowRequestsScreen />} />
          <Route path="/saved" element={<SavedScreen />} />
          <Route path="/settings" element={<SettingsScreen />} />
          <Route path="/settings/profile" element={<EditProfileScreen />} />
          <Route path="/moderation" element={<ModerationScreen />} />
          <Route path="/server" element={<ServerScreen />} />
          <Route path="/u/:username" element={<ProfileScreen />} />
          <Route path="/u/:username/:list" element={<ProfileScreen />} />
          <Route path="/:username" element={<ProfileScreen />} />
          <Route path="/:username/:list" element={<ProfileScreen />} />
          <Route path="*" element={<NotFoundScreen />} />
        </Route>
      </Route>
    </Routes>
  );
}
