import { ActionIcon, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { MouseEvent } from 'react';
import type { AdminEvent, WeekPlan } from '../../../../contract/admin';
import { blockLabel, clock, dayLabel, layoutHallDay, type PlannerDay, slotTime } from '../../../../core/week-planner';
import { SideScroll } from '../../../components/SideScroll';
import classes from './PlannerGrid.module.css';

const LANE_HEIGHT = 52;
/** Wide enough for a two-hour film's title and time; narrower screens scroll sideways. */
const GRID_MIN_WIDTH = 1150;

type Hall = WeekPlan['halls'][number];
type Props = {
  day: PlannerDay;
  timeZone: string;
  halls: Hall[];
  showtimes: AdminEvent[];
  bufferMinutes: number;
  onOpen: (showtime: AdminEvent) => void;
  /** A run in a hall that day, at a time when a slot was clicked. */
  onPlan: (hall: Hall, time?: string) => void;
};

const percent = (minutes: number, day: PlannerDay) => `${(minutes / day.minutes) * 100}%`;

/** One business day of a cinema: halls as rows, hours as columns, each showtime a block with its cleaning tail. */
export function PlannerDayGrid({ day, timeZone, halls, showtimes, bufferMinutes, onOpen, onPlan }: Props) {
  const label = dayLabel(day.date);
  const planAt = (hall: Hall) => (event: MouseEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const box = event.currentTarget.getBoundingClientRect();
    const offset = ((event.clientX - box.left) / box.width) * day.minutes;
    onPlan(hall, slotTime(day, offset, timeZone));
  };
  return (
    <SideScroll label={`Halls and hours, ${label}`} minWidth={GRID_MIN_WIDTH} more="hours">
      <div className={classes.grid}>
        <div className={classes.corner}>
          <Text size="xs" fw={600}>
            Hall
          </Text>
        </div>
        <div className={classes.hours} aria-hidden>
          {day.hours.map((h) => (
            <span key={h.offsetMinutes} className={classes.hourLabel} style={{ left: percent(h.offsetMinutes, day) }}>
              {h.label}
            </span>
          ))}
        </div>
        {halls.map((hall) => {
          const own = showtimes.filter((s) => s.hall_id === hall.id);
          const { blocks, lanes } = layoutHallDay(
            own.map((s) => ({ ...s, start: Date.parse(s.start_time), end: Date.parse(s.end_time) })),
            day,
            bufferMinutes,
          );
          return (
            <div key={hall.id} style={{ display: 'contents' }} data-hall-row={hall.name}>
              <div className={classes.hall}>
                <span>{hall.name}</span>
                <ActionIcon
                  variant="subtle"
                  size="sm"
                  aria-label={`Create a run in ${hall.name} on ${label}`}
                  onClick={() => onPlan(hall)}
                >
                  <IconPlus size={16} aria-hidden />
                </ActionIcon>
              </div>
              {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut to prefill the time; keyboards use the hall's button */}
              {/* biome-ignore lint/a11y/useKeyWithClickEvents: as above, the hall's button is the keyboard's way */}
              <div
                className={classes.track}
                style={{ height: lanes * LANE_HEIGHT }}
                onClick={planAt(hall)}
                title="Click an empty time to plan a run here"
              >
                {day.hours.map((h) => (
                  <span key={h.offsetMinutes} className={classes.hourLine} style={{ left: percent(h.offsetMinutes, day) }} />
                ))}
                {blocks.map((b) => {
                  const s = b.show;
                  const total = b.filmMinutes + b.cleaningMinutes;
                  const name = blockLabel(
                    {
                      title: s.movie_title,
                      hall: hall.name,
                      businessDate: s.business_date,
                      start: s.start,
                      end: s.end,
                      cleaningEnd: b.cleaningEnd,
                      cancelled: s.cancelled,
                    },
                    timeZone,
                  );
                  return (
                    <button
                      type="button"
                      key={s.event_id}
                      className={classes.block}
                      data-cancelled={s.cancelled || undefined}
                      data-event-id={s.event_id}
                      aria-label={name}
                      onClick={() => onOpen(s)}
                      style={{
                        left: percent(b.offsetMinutes, day),
                        width: percent(total, day),
                        top: b.lane * LANE_HEIGHT + 4,
                        height: LANE_HEIGHT - 8,
                      }}
                    >
                      <span className={classes.film} style={{ width: `${(b.filmMinutes / total) * 100}%` }}>
                        {/* The visible words begin the accessible name, in the same order. */}
                        <span className={classes.title}>{s.movie_title}</span> {clock(s.start, timeZone)}–{clock(s.end, timeZone)}
                        {s.cancelled ? ' cancelled' : ''}
                      </span>
                      {b.cleaningMinutes > 0 && (
                        <span className={classes.cleaning} style={{ width: `${(b.cleaningMinutes / total) * 100}%` }} />
                      )}
                    </button>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    </SideScroll>
  );
}
