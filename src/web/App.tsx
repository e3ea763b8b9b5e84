import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { LoadingState } from './components/QueryStates';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage';
import { RequireAuth } from './features/auth/RequireAuth';
import { ResetPasswordPage } from './features/auth/ResetPasswordPage';
import { SessionGate } from './features/auth/SessionGate';
import { SignInPage } from './features/auth/SignInPage';
import { BookingPage } from './features/bookings/BookingPage';
import { MyBookingsPage } from './features/bookings/MyBookingsPage';
import { BrowsePage } from './features/browse/BrowsePage';
import { CheckoutPage } from './features/checkout/CheckoutPage';
import { SeatMapPage } from './features/seat-map/SeatMapPage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';

// Admin screens carry the charts; customers never download them.
const AdminRoutes = lazy(() => import('./features/admin/AdminRoutes'));

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
