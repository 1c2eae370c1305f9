// The ActionPlanner the pipeline calls: loads the billing rates (reloaded on change), works out
// calculated mileage when the email states none, and applies the pure planning rules.
import { isInvoiceNinjaConfigured, type Config } from '../config/index.js';
import type { ActionPlanner, PlanInput, PlanResult } from '../core/actions.js';
import { isAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { mergeFields, relevantHistory } from '../core/planning/merge-fields.js';
import { planActions } from '../core/planning/plan-actions.js';
import { createRatesSource } from '../adapters/billing-rates/rates.loader.js';
import { createGeocoder } from '../adapters/geocoding/geocoder.js';
import {
  createMileageCalculator,
  type MileageCalculator,
} from '../adapters/geocoding/mileage.calculator.js';
import type { HttpTransport } from '../adapters/http/http-transport.js';
import type { Db } from '../adapters/sqlite/database.js';
import { createGeocodingCacheRepository } from '../adapters/sqlite/geocoding-cache.repository.js';

export interface ActionPlannerDeps {
  config: Config;
  db: Db;
  logger: Logger;
  /** Default: the shared keep-alive node:http transport. */
  transport?: HttpTransport;
  /** Injectable clock (tests). */
  now?: () => number;
}

export function createActionPlanner(deps: ActionPlannerDeps): ActionPlanner {
  const { config } = deps;
  const log = deps.logger.child({ component: 'planner' });
  const now = deps.now ?? Date.now;
  const rates = createRatesSource(config.CLIENT_BILLING_RATES_PATH, log);
  rates.current(); // validate at start: a broken file is logged now, naming the bad key
  const mileage: MileageCalculator | null = config.BASE_ADDRESS
    ? createMileageCalculator({
        baseAddress: config.BASE_ADDRESS,
        routingUrl: config.ROUTING_API_URL,
        roadFactor: config.MILEAGE_ROAD_FACTOR,
        roundTrip: config.MILEAGE_ROUND_TRIP,
        userAgent: config.GEOCODING_USER_AGENT,
        transport: deps.transport,
        geocoder: createGeocoder({
          baseUrl: config.GEOCODING_API_URL,
          userAgent: config.GEOCODING_USER_AGENT,
          cache: createGeocodingCacheRepository(deps.db),
          transport: deps.transport,
        }),
      })
    : null;

  return {
    async plan(input: PlanInput): Promise<PlanResult> {
      const auth = input.authorization;
      const fields =
        auth.kind === 'new'
          ? auth.fields
          : mergeFields(
              relevantHistory(
                input.history.filter((h) => h.id !== auth.id),
                auth.generation,
              ),
              auth.fields,
            );
      let calculatedMileage: number | null = null;
      if (
        auth.kind !== 'cancellation' &&
        fields.mileage == null &&
        fields.service.location &&
        mileage
      ) {
        try {
          calculatedMileage = await mileage.calculate(fields.service.location);
        } catch (err) {
          // Geocoder or router down: throw, and the pipeline tries the message again later.
          // A permanent refusal (e.g. 403 for the User-Agent) must not block the invoice:
          // bill without calculated mileage and say so in the event log.
          if (!isAppError(err) || err.retryable) throw err;
          log.warn(
            { event: 'mileage.failed', authorizationId: auth.id, code: err.code, hint: err.hint },
            `mileage not calculated: ${err.message}`,
          );
        }
        if (calculatedMileage == null) {
          log.info(
            { event: 'mileage.not_found', authorizationId: auth.id },
            'address not found; no mileage calculated',
          );
        }
      }
      const state = rates.current();
      return planActions(input, {
        nowMs: now(),
        rates: state.table,
        ratesProblem: state.problem,
        calculatedMileage,
        defaultDurationHours: config.SERVICE_DEFAULT_DURATION_HOURS,
        markSent: config.INVOICE_MARK_SENT,
        invoicePreview: config.DRY_RUN || !isInvoiceNinjaConfigured(config),
      });
    },
  };
}
