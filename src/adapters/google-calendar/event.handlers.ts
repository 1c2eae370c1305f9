// calendar.create_event / update_event / delete_event. Exactly once: the event id is derived
// from the authorization identity, so a repeated insert answers 409; we then read the event and
// adopt it only if it carries our own key in extendedProperties.private.
import type { ActionContext, ActionHandler, ActionOutcome } from '../../core/actions.js';
import { AppError } from '../../core/errors.js';
import { EVENT_PROPERTY_KEY } from '../../core/planning/keys.js';
import type { DeleteEventPayload, EventPayload } from '../../core/planning/payloads.js';
import type { ExternalRefRepository } from '../sqlite/external-ref.repository.js';
import type { CalendarApi } from './calendar.api.js';

export interface CalendarHandlerDeps {
  /** null when not configured or DRY_RUN. */
  api: CalendarApi | null;
  previewApi: CalendarApi;
  skipReason: string;
  refs: ExternalRefRepository;
}

interface GEvent {
  id: string;
  status?: string;
  htmlLink?: string;
  extendedProperties?: { private?: Record<string, string> };
}

function eventResource(
  ctx: ActionContext,
  p: EventPayload,
  withId: boolean,
): Record<string, unknown> {
  let description = p.event.description;
  const inv = p.invoiceActionKey ? ctx.dependencies[p.invoiceActionKey] : undefined;
  const url = inv?.result?.url;
  if (typeof url === 'string')
    description += `\nInvoice: ${String(inv?.result?.number ?? '')} ${url}`;
  return {
    ...(withId ? { id: p.eventId } : {}),
    summary: p.event.summary,
    description,
    ...(p.event.location ? { location: p.event.location } : {}),
    start: p.event.start,
    end: p.event.end,
    extendedProperties: { private: { [EVENT_PROPERTY_KEY]: p.eventKey } },
  };
}

const INSERT_QUERY = { sendUpdates: 'none' };

/**
 * A 404 for an event means "never made" only if the calendar itself exists: a wrong
 * GOOGLE_CALENDAR_ID answers 404 too, and must fail visibly instead of passing for "gone".
 * (410 is unambiguous: the event existed and was deleted.)
 */
async function eventIsAbsent(api: CalendarApi, err: AppError, signal: AbortSignal): Promise<void> {
  if (err.status === 410) return;
  try {
    await api.call('GET', null, { query: { maxResults: '1' }, signal });
  } catch (probe) {
    if (probe instanceof AppError && probe.code === 'GOOGLE_ERR_NOT_FOUND') {
      throw new AppError('GOOGLE_ERR_NOT_FOUND', 'the Google calendar was not found', {
        retryable: false,
        status: probe.status,
        vendorMessage: probe.vendorMessage,
        hint: 'check GOOGLE_CALENDAR_ID (`assistant doctor` checks it), then retry the action',
      });
    }
    throw probe;
  }
}

async function insertEvent(
  ctx: ActionContext,
  deps: CalendarHandlerDeps,
  api: CalendarApi,
  p: EventPayload,
): Promise<ActionOutcome> {
  const body = eventResource(ctx, p, true);
  const request = api.preview('POST', null, INSERT_QUERY, body);
  try {
    const ev = await api.call<GEvent>('POST', null, {
      query: INSERT_QUERY,
      body,
      signal: ctx.signal,
    });
    deps.refs.put('calendar.event', p.eventKey, p.eventId);
    return {
      status: 'done',
      result: { eventId: p.eventId, htmlLink: ev?.htmlLink ?? null, created: true },
      request,
    };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'GOOGLE_ERR_CONFLICT') throw err;
    // 409: the id exists (even if deleted). Ours only if it carries our key.
    const ev = await api.call<GEvent>('GET', p.eventId, { signal: ctx.signal });
    if (ev?.extendedProperties?.private?.[EVENT_PROPERTY_KEY] !== p.eventKey) {
      throw new AppError(
        'GOOGLE_ERR_CONFLICT',
        `calendar event id ${p.eventId} belongs to something else`,
        {
          retryable: false,
          vendorMessage: err.vendorMessage,
        },
      );
    }
    deps.refs.put('calendar.event', p.eventKey, p.eventId);
    if (ev.status === 'cancelled') {
      return {
        status: 'done',
        result: {
          eventId: p.eventId,
          created: false,
          note: 'the event was deleted in the calendar; not recreated',
        },
        request,
      };
    }
    return {
      status: 'done',
      result: { eventId: p.eventId, htmlLink: ev.htmlLink ?? null, created: false, adopted: true },
      request,
    };
  }
}

export function createEventHandler(deps: CalendarHandlerDeps): ActionHandler {
  return {
    type: 'calendar.create_event',
    async run(ctx) {
      const p = ctx.action.payload as unknown as EventPayload;
      if (!deps.api) {
        return {
          status: 'skipped',
          reason: deps.skipReason,
          request: deps.previewApi.preview('POST', null, INSERT_QUERY, eventResource(ctx, p, true)),
        };
      }
      return insertEvent(ctx, deps, deps.api, p);
    },
  };
}

export function updateEventHandler(deps: CalendarHandlerDeps): ActionHandler {
  return {
    type: 'calendar.update_event',
    async run(ctx) {
      const p = ctx.action.payload as unknown as EventPayload;
      const body = eventResource(ctx, p, false);
      if (!deps.api) {
        return {
          status: 'skipped',
          reason: deps.skipReason,
          request: deps.previewApi.preview('PATCH', p.eventId, INSERT_QUERY, body),
        };
      }
      const api = deps.api;
      try {
        const ev = await api.call<GEvent>('PATCH', p.eventId, {
          query: INSERT_QUERY,
          body,
          signal: ctx.signal,
        });
        if (ev?.status === 'cancelled') {
          return {
            status: 'done',
            result: {
              eventId: p.eventId,
              updated: false,
              note: 'the event was deleted in the calendar',
            },
          };
        }
        return {
          status: 'done',
          result: { eventId: p.eventId, htmlLink: ev?.htmlLink ?? null, updated: true },
          request: api.preview('PATCH', p.eventId, INSERT_QUERY, body),
        };
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'GOOGLE_ERR_NOT_FOUND') throw err;
        if (!p.createIfMissing) {
          await eventIsAbsent(api, err, ctx.signal);
          return {
            status: 'done',
            result: {
              eventId: p.eventId,
              updated: false,
              note: 'no event: the service is not in the future',
            },
          };
        }
        return insertEvent(ctx, deps, api, p);
      }
    },
  };
}

export function deleteEventHandler(deps: CalendarHandlerDeps): ActionHandler {
  return {
    type: 'calendar.delete_event',
    async run(ctx) {
      const p = ctx.action.payload as unknown as DeleteEventPayload;
      if (!deps.api) {
        return {
          status: 'skipped',
          reason: deps.skipReason,
          request: deps.previewApi.preview('DELETE', p.eventId, INSERT_QUERY),
        };
      }
      try {
        await deps.api.call('DELETE', p.eventId, { query: INSERT_QUERY, signal: ctx.signal });
        return { status: 'done', result: { eventId: p.eventId, deleted: true } };
      } catch (err) {
        // 404 (never made: a past service) / 410 (already deleted) both mean "gone".
        if (err instanceof AppError && err.code === 'GOOGLE_ERR_NOT_FOUND') {
          await eventIsAbsent(deps.api, err, ctx.signal);
          return {
            status: 'done',
            result: { eventId: p.eventId, deleted: false, alreadyGone: true },
          };
        }
        throw err;
      }
    },
  };
}
