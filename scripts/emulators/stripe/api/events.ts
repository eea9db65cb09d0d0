// /v1/events: the event log, as the app reads it to fetch or replay an event by id.
import { resourceMissing } from "../core/errors";
import { paginate, pagination } from "../core/lists";
import { formArray, inRange, params, parseParams, rangeQuery, text } from "../core/params";
import { route, type Route } from "../http/router";

const EventList = params({ ...pagination, type: text.optional(), types: formArray(text).optional(), created: rangeQuery.optional() });

/** Stripe's `type` filter takes one `*` wildcard, as in `invoice.*`. */
function typeMatches(type: string, pattern: string): boolean {
  if (!pattern.includes("*")) return type === pattern;
  const [prefix = "", suffix = ""] = pattern.split("*");
  return type.startsWith(prefix) && type.endsWith(suffix);
}

export const eventRoutes: Route[] = [
  route("GET", "/v1/events/:id", ({ core, params: path }) => {
    const id = path.id ?? "";
    const event = core.store.events.get(id);
    if (!event) throw resourceMissing(id, "id", "event");
    return event;
  }),
  route("GET", "/v1/events", ({ core, input }) => {
    const query = parseParams(EventList, input);
    const found = core.store.events
      .newestFirst()
      .filter(
        (event) =>
          (query.type === undefined || typeMatches(event.type, query.type)) &&
          (query.types === undefined || query.types.includes(event.type)) &&
          inRange(event.created, query.created),
      );
    return paginate(found, query, "/v1/events");
  }),
];
