import { Alert, Button, Container, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCamera, IconCameraOff, IconWifiOff } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { PlainSelect } from '../../components/PlainSelect';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { clockTime, offlineBanner } from '../../lib/doorCheck';
import { useCinemas } from '../browse/useCinemas';
import { unlockSound } from './beep';
import classes from './DoorPage.module.css';
import { ManualEntry } from './ManualEntry';
import { registerDoorWorker } from './registerDoorWorker';
import { canVerifyOnDevice, prepareVerifier } from './ticketKeys';
import { prepareScanner, useCameraScanner } from './useCameraScanner';
import { useDoor } from './useDoor';
import { useDoorShowtimes } from './useDoorShowtimes';
import { VerdictPanel } from './VerdictPanel';

const DEVICE_KEY = 'bmm.door.device';
const EVENT_KEY = 'bmm.door.event';
const CINEMA_KEY = 'bmm.door.cinema';
/** What the API accepts as a device id (DeviceId in contract/tickets). */
const deviceName = (text: string) => text.replace(/[^\w .:-]/g, '').slice(0, 64);

function storedDevice(): string {
  const saved = localStorage.getItem(DEVICE_KEY);
  if (saved && deviceName(saved) === saved && saved.trim()) return saved;
  const made = `door ${Math.floor(Math.random() * 900 + 100)}`;
  localStorage.setItem(DEVICE_KEY, made);
  return made;
}

/** The door: pick today's showtime, scan tickets with the camera or by hand, online or off. */
export function DoorPage() {
  const cinemas = useCinemas();
  const [storedCinema, setCinemaId] = useState<number | null>(() => Number(localStorage.getItem(CINEMA_KEY)) || null);
  // A remembered cinema that has since been removed: the first cinema's door.
  const cinemaId = cinemas.data && !cinemas.data.some((c) => c.id === storedCinema) ? null : storedCinema;
  const showtimes = useDoorShowtimes(cinemaId);
  const [device, setDevice] = useState(storedDevice);
  const [eventId, setEventId] = useState<number | null>(() => Number(localStorage.getItem(EVENT_KEY)) || null);
  const [cameraOn, setCameraOn] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const timeZone = showtimes.data?.time_zone ?? 'UTC';
  const listed = showtimes.data?.showtimes ?? [];
  const picked = listed.find((s) => s.event_id === eventId) ?? null;
  const door = useDoor(picked ? picked.event_id : null, timeZone, device.trim() || 'door');

  // The QR reader and the signature check first, so the service worker keeps their chunks too.
  useEffect(() => {
    void Promise.allSettled([prepareScanner(), prepareVerifier()]).then(registerDoorWorker);
  }, []);

  const scan = (code: string) => {
    setFailure(null);
    door.scan(code).catch((error: unknown) => setFailure(error instanceof Error ? error.message : 'The scan failed'));
  };
  const camera = useCameraScanner(cameraOn && door.pack !== null, scan);

  const chooseCinema = (id: number) => {
    setCinemaId(id);
    localStorage.setItem(CINEMA_KEY, String(id));
  };

  const pick = (id: number) => {
    unlockSound();
    setEventId(id);
    localStorage.setItem(EVENT_KEY, String(id));
  };

  return (
    <Container size="sm" py="lg">
      <Stack gap="md">
        <div>
          <Title order={1} data-page-title="Door">
            Door
          </Title>
          {showtimes.data && (
            <Text c="dimmed">
              {showtimes.data.cinema} · {showtimes.data.date} · times in {timeZone}
            </Text>
          )}
        </div>
        {cinemas.data && cinemas.data.length > 1 && (
          <PlainSelect
            label="Cinema"
            value={String(showtimes.data?.cinema_id ?? cinemaId ?? cinemas.data[0]?.id ?? '')}
            data={cinemas.data.map((c) => ({ value: String(c.id), label: c.name }))}
            onChange={(value) => chooseCinema(Number(value))}
          />
        )}

        {!door.online && (
          <Alert
            color="orange"
            variant="filled"
            icon={<IconWifiOff aria-hidden />}
            role="status"
            title={offlineBanner(door.waiting)}
          >
            Tickets are checked on this device and sent when the network is back.
          </Alert>
        )}
        {door.online && door.waiting > 0 && (
          <Alert color="blue" variant="light" role="status" title={`Sending ${door.waiting} scans…`}>
            <Button size="xs" variant="light" onClick={() => void door.sync()}>
              Send now
            </Button>
          </Alert>
        )}
        {door.problems.length > 0 && (
          <Alert color="yellow" variant="light" role="alert" title="Scans sent from this device that were not admitted">
            <List size="sm">
              {door.problems.map((problem, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the same sentence can occur twice
                <List.Item key={i}>{problem}</List.Item>
              ))}
            </List>
          </Alert>
        )}

        <Stack gap="xs" component="section" aria-labelledby="door-showtimes">
          <Text component="h2" fw={700} size="lg" id="door-showtimes">
            Today's showtimes
          </Text>
          {showtimes.isPending && <LoadingState label="Loading today's showtimes…" />}
          {showtimes.isError && <ErrorState title="Could not load the showtimes" error={showtimes.error} />}
          {showtimes.data && listed.length === 0 && <Text c="dimmed">No showtimes today.</Text>}
          <Group gap="xs" wrap="wrap">
            {listed.map((s) => (
              <Button
                key={s.event_id}
                variant={s.event_id === picked?.event_id ? 'filled' : 'default'}
                aria-pressed={s.event_id === picked?.event_id}
                onClick={() => pick(s.event_id)}
              >
                {clockTime(s.start_time, timeZone)} · {s.movie_title}
                {s.hall ? ` · ${s.hall}` : ''}
              </Button>
            ))}
          </Group>
        </Stack>

        {picked && (
          <Stack gap="md" component="section" aria-labelledby="door-current">
            <Group justify="space-between" align="baseline" wrap="wrap">
              <Text component="h2" fw={700} size="lg" id="door-current">
                {picked.movie_title} at {clockTime(picked.start_time, timeZone)}
              </Text>
              {door.pack && (
                <Text className={classes.count} role="status" aria-live="polite">
                  Admitted {door.pack.used.length} of {door.pack.expected}
                </Text>
              )}
            </Group>
            {door.packState === 'loading' && <LoadingState label="Fetching the door pack…" />}
            {door.packState === 'missing' && (
              <Alert color="red" variant="light" title="No door pack on this device">
                Connect to the network once to fetch this showtime's tickets; then the door works offline.
              </Alert>
            )}
            {door.pack && (
              <Text size="sm" c="dimmed">
                Door pack saved at {clockTime(door.pack.saved_at, timeZone)}: doors open at{' '}
                {clockTime(door.pack.doors_open, timeZone)}.
                {canVerifyOnDevice() ? ' Works offline.' : ' Offline checks need HTTPS; this page checks online only.'}
              </Text>
            )}

            <VerdictPanel shown={door.shown} timeZone={timeZone} />
            {failure && (
              <Alert color="red" variant="light" role="alert" title="The scan could not be checked">
                {failure}
              </Alert>
            )}

            <Group gap="sm" wrap="wrap">
              <Button
                leftSection={cameraOn ? <IconCameraOff aria-hidden /> : <IconCamera aria-hidden />}
                onClick={() => {
                  unlockSound();
                  setCameraOn((on) => !on);
                }}
                disabled={!door.pack}
                size="md"
              >
                {cameraOn ? 'Stop camera' : 'Start camera'}
              </Button>
              {cameraOn && camera.state === 'scanning' && <Text c="dimmed">Scanning…</Text>}
            </Group>
            {camera.problem && (
              <Alert color="yellow" variant="light" role="alert">
                {camera.problem}
              </Alert>
            )}
            <video
              ref={camera.videoRef}
              className={classes.video}
              muted
              playsInline
              hidden={!cameraOn}
              aria-label="Camera view"
            />

            <ManualEntry eventId={picked.event_id} online={door.online} onCode={scan} />

            <TextInput
              label="This door's name"
              description="Shown when a ticket scanned here is scanned again elsewhere"
              value={device}
              maxLength={64}
              onChange={(e) => {
                const name = deviceName(e.currentTarget.value);
                setDevice(name);
                if (name.trim()) localStorage.setItem(DEVICE_KEY, name);
              }}
            />
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
