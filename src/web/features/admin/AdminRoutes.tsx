import '@mantine/charts/styles.css';
import { Container, Group, ScrollArea, Title, UnstyledButton } from '@mantine/core';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import classes from '../../layout/AppLayout.module.css';
import { AdminAuditPage } from './audit/AdminAuditPage';
import { AdminBookingsPage } from './bookings/AdminBookingsPage';
import { AdminHallsPage } from './halls/AdminHallsPage';
import { AdminMoviesPage } from './movies/AdminMoviesPage';
import { AdminOverviewPage } from './overview/AdminOverviewPage';
import { AdminShowtimesPage } from './showtimes/AdminShowtimesPage';

const SECTIONS = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/movies', label: 'Movies', end: false },
  { to: '/admin/halls', label: 'Halls', end: false },
  { to: '/admin/showtimes', label: 'Showtimes', end: false },
  { to: '/admin/bookings', label: 'Bookings', end: false },
  { to: '/admin/audit', label: 'Audit log', end: false },
];

/** The admin area; loaded on demand, so customers never download the charts. */
export default function AdminRoutes() {
  return (
    <Container size="xl" py="lg">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={1}>Cinema admin</Title>
      </Group>
      <ScrollArea type="never" mb="lg">
        <Group gap={4} wrap="nowrap" component="nav" aria-label="Admin sections">
          {SECTIONS.map((section) => (
            <UnstyledButton key={section.to} component={NavLink} to={section.to} end={section.end} className={classes.link}>
              {section.label}
            </UnstyledButton>
          ))}
        </Group>
      </ScrollArea>
      <Routes>
        <Route index element={<AdminOverviewPage />} />
        <Route path="movies" element={<AdminMoviesPage />} />
        <Route path="halls" element={<AdminHallsPage />} />
        <Route path="showtimes" element={<AdminShowtimesPage />} />
        <Route path="bookings" element={<AdminBookingsPage />} />
        <Route path="audit" element={<AdminAuditPage />} />
        <Route path="*" element={<Navigate to="/admin" replace />} />
      </Routes>
    </Container>
  );
}
