import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RedirectIfSignedIn, RequireAuth } from './RequireAuth';
import { AuthFrame, Shell } from './Shell';

// Every screen is its own chunk: the first load carries only the frame.
const loadLogin = () => import('#/screens/LoginScreen');
const loadHome = () => import('#/screens/HomeScreen');
const LoginScreen = lazy(loadLogin);
const SignupScreen = lazy(() => import('#/screens/SignupScreen'));
const HomeScreen = lazy(loadHome);

/**
 * Starts fetching the two screens a first visit most likely shows, alongside
 * the session probe, instead of after it. (Failures surface, if at all, when
 * the screen itself loads: its error boundary shows them.)
 */
export function preloadLikelyScreens(): void {
  loadLogin().catch(() => undefined);
  loadHome().catch(() => undefined);
}
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

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<RedirectIfSignedIn />}>
        <Route element={<AuthFrame />}>
          <Route path="/login" element={<LoginScreen />} />
          <Route path="/signup" element={<SignupScreen />} />
        </Route>
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
