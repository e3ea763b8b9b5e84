import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingState } from './components/QueryStates';
import { RequireAuth } from './features/auth/RequireAuth';
import { SessionGate } from './features/auth/SessionGate';
import { BrowsePage } from './features/browse/BrowsePage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';

// The first visit downloads the layout and the programme only (a 150 KB gzip budget,
// e2e/bundle-size.test.ts); every other screen is a chunk of its own, fetched when it is opened.
// Admin screens carry the charts; customers never download them.
const AdminRoutes = lazy(() => import('./features/admin/AdminRoutes'));
const SignInPage = lazy(() => import('./features/auth/SignInPage').then((m) => ({ default: m.SignInPage })));
const ForgotPasswordPage = lazy(() =>
  import('./features/auth/ForgotPasswordPage').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() => import('./features/auth/ResetPasswordPage').then((m) => ({ default: m.ResetPasswordPage })));
const ChangePasswordPage = lazy(() =>
  import('./features/auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);
const FilmPage = lazy(() => import('./features/film/FilmPage').then((m) => ({ default: m.FilmPage })));
const SeatMapPage = lazy(() => import('./features/seat-map/SeatMapPage').then((m) => ({ default: m.SeatMapPage })));
const CheckoutPage = lazy(() => import('./features/checkout/CheckoutPage').then((m) => ({ default: m.CheckoutPage })));
const MyBookingsPage = lazy(() => import('./features/bookings/MyBookingsPage').then((m) => ({ default: m.MyBookingsPage })));
// The door scanner (camera, IndexedDB, Ed25519) is for staff only; jsQR comes later still, only where the browser has no BarcodeDetector.
const DoorPage = lazy(() => import('./features/door/DoorPage').then((m) => ({ default: m.DoorPage })));
const BoxOfficePage = lazy(() => import('./features/box-office/BoxOfficePage').then((m) => ({ default: m.BoxOfficePage })));
const BookingPage = lazy(() => import('./features/bookings/BookingPage').then((m) => ({ default: m.BookingPage })));

export function App() {
  return (
    <>
      <SessionGate />
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<BrowsePage />} />
          <Route path="sign-in" element={<SignInPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="reset-password" element={<ResetPasswordPage />} />
          <Route path="movies/:movieId" element={<FilmPage />} />
          <Route path="showtimes/:eventId" element={<SeatMapPage />} />
          <Route
            path="checkout/:reference"
            element={
              <RequireAuth>
                <CheckoutPage />
              </RequireAuth>
            }
          />
          <Route
            path="bookings"
            element={
              <RequireAuth>
                <MyBookingsPage />
              </RequireAuth>
            }
          />
          <Route
            path="bookings/:reference"
            element={
              <RequireAuth>
                <BookingPage />
              </RequireAuth>
            }
          />
          <Route
            path="account/password"
            element={
              <RequireAuth>
                <ChangePasswordPage />
              </RequireAuth>
            }
          />
          <Route
            path="door"
            element={
              <RequireAuth staffOnly>
                <Suspense fallback={<LoadingState label="Loading the door…" />}>
                  <DoorPage />
                </Suspense>
              </RequireAuth>
            }
          />
          <Route
            path="box-office"
            element={
              <RequireAuth roles={['box_office', 'admin']}>
                <BoxOfficePage />
              </RequireAuth>
            }
          />
          <Route
            path="admin/*"
            element={
              <RequireAuth adminOnly>
                <Suspense fallback={<LoadingState label="Loading admin…" />}>
                  <AdminRoutes />
                </Suspense>
              </RequireAuth>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
