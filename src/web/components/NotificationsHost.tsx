import { Notifications } from '@mantine/notifications';

/** Where toasts appear; loaded with the first one (AppNotifications). */
export default function NotificationsHost() {
  return <Notifications position="top-center" />;
}
