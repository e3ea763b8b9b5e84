import '@mantine/charts/styles.css';
import { Box, Container, Group, Title, UnstyledButton } from '@mantine/core';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { LoadingState } from '../../components/QueryStates';
import { SideScroll } from '../../components/SideScroll';
import classes from '../../layout/AppLayout.module.css';
import { AdminAuditPage } from './audit/AdminAuditPage';
import { AdminBookingsPage } from './bookings/AdminBookingsPage';
import { AdminHallsPage } from './halls/AdminHallsPage';
import { AdminMailPage } from './mail/AdminMailPage';
import { MailMessagePage } from './mail/MailMessagePage';
import { AdminMoviesPage } from './movies/AdminMoviesPage';
import { AdminOverviewPage } from './overview/AdminOverviewPage';
import { WeekPlannerPage } from './planner/WeekPlannerPage';
import { AdminPromoCodesPage } from './promo-codes/AdminPromoCodesPage';
import { AdminShowtimesPage } from './showtimes/AdminShowtimesPage';
import { AdminStaffPage } from './staff/AdminStaffPage';

/** Reports are read now and then: their screen loads when opened. */
const AdminReportsPage = lazy(() => import('./reports/AdminReportsPage'));

const SECTIONS = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/movies', label: 'Movies', end: false },
  { to: '/admin/halls', label: 'Halls', end: false },
  { to: '/admin/showtimes', label: 'Showtimes', end: false },
  { to: '/admin/planner', label: 'Week planner', end: false },
  { to: '/admin/bookings', label: 'Bookings', end: false },
  { to: '/admin/staff', label: 'Staff and roles', end: false },
  { to: '/admin/reports', label: 'Reports', end: false },
  { to: '/admin/promo-codes', label: 'Promo codes', end: false },
  { to: '/admin/audit', label: 'Audit log', end: false },
  { to: '/admin/mail', label: 'Mail', end: false },
];

/** The admin area; loaded on demand, so customers never download the charts. */
export default function AdminRoutes() {
  const { pathname } = useLocation();
  const nav = useRef<HTMLElement>(null);
  // The current section stays in view on a phone, where the strip scrolls.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new path marks another link current
  useEffect(() => {
    const current = nav.current?.querySelector<HTMLElement>('[aria-current="page"]');
    const strip = current?.closest<HTMLElement>('[data-side-scroll]');
    if (current && strip) strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  const section = [...SECTIONS]
    .reverse()
    .find((s) => (s.end ? pathname === s.to || pathname === `${s.to}/` : pathname.startsWith(s.to)));
  return (
    <Container size="xl" py="lg">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={1} data-page-title={`${section?.label ?? 'Overview'} · Cinema admin`}>
          Cinema admin
        </Title>
      </Group>
      {/* One line; on a phone it scrolls sideways, with a shade and a note saying there are more. */}
      <Box component="nav" aria-label="Admin sections" mb="lg" ref={nav}>
        <SideScroll more="sections">
          <Group gap={4} wrap="nowrap">
            {SECTIONS.map((section) => (
              <UnstyledButton
                key={section.to}
                component={NavLink}
                to={section.to}
                end={section.end}
                className={classes.link}
                style={{ whiteSpace: 'nowrap' }}
              >
                {section.label}
              </UnstyledButton>
            ))}
          </Group>
        </SideScroll>
      </Box>
      <Routes>
        <Route index element={<AdminOverviewPage />} />
        <Route path="movies" element={<AdminMoviesPage />} />
        <Route path="halls" element={<AdminHallsPage />} />
        <Route path="showtimes" element={<AdminShowtimesPage />} />
        <Route path="planner" element={<WeekPlannerPage />} />
        <Route path="bookings" element={<AdminBookingsPage />} />
        <Route path="staff" element={<AdminStaffPage />} />
        <Route
          path="reports"
          element={
            <Suspense fallback={<LoadingState />}>
              <AdminReportsPage />
            </Suspense>
          }
        />
        <Route path="promo-codes" element={<AdminPromoCodesPage />} />
        <Route path="audit" element={<AdminAuditPage />} />
        <Route path="mail" element={<AdminMailPage />} />
        <Route path="mail/:id" element={<MailMessagePage />} />
        <Route path="*" element={<Navigate to="/admin" replace />} />
      </Routes>
    </Container>
  );
}
