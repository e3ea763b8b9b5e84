import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { AdminService } from '../services/admin-service.js';
import type { AuthService } from '../services/auth-service.js';
import type { BookingService } from '../services/booking-service.js';
import type { BoxOfficeService } from '../services/box-office-service.js';
import type { CatalogueService } from '../services/catalogue-service.js';
import type { CinemaService } from '../services/cinema-service.js';
import type { Deps } from '../services/deps.js';
import type { FilmService } from '../services/film-service.js';
import type { PasswordResetService } from '../services/password-reset-service.js';
import type { PricingService } from '../services/pricing-service.js';
import type { PromoCodeService } from '../services/promo-code-service.js';
import type { ReportService } from '../services/report-service.js';
import type { RoleService } from '../services/role-service.js';
import type { ScheduleRunService } from '../services/schedule-run-service.js';
import type { ShowCancellationService } from '../services/show-cancellation-service.js';
import type { TicketService } from '../services/ticket-service.js';
import type { WaitlistService } from '../services/waitlist-service.js';
import type { Audited } from './plugins/audit.js';
import type { Guards } from './plugins/auth.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type Services = {
  auth: AuthService;
  catalogue: CatalogueService;
  films: FilmService;
  bookings: BookingService;
  admin: AdminService;
  passwordResets: PasswordResetService;
  tickets: TicketService;
  roles: RoleService;
  showCancellations: ShowCancellationService;
  waitlist: WaitlistService;
  boxOffice: BoxOfficeService;
  pricing: PricingService;
  promoCodes: PromoCodeService;
  cinemas: CinemaService;
  scheduleRuns: ScheduleRunService;
  reports: ReportService;
};

export type RouteContext = { services: Services; guards: Guards; deps: Deps; audited: Audited };
