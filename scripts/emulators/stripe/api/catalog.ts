// /v1/products and /v1/prices: the catalogue the app reads by lookup key, plus creation and updates
// for anyone building a catalogue of their own.
import { z } from "zod";
import { invalidRequest, resourceMissing } from "../core/errors";
import { change } from "../core/events";
import { paginate, pagination } from "../core/lists";
import { applyMetadata, boolean, emptyable, formArray, inRange, metadata, oneOf, params, parseParams, positiveInteger, rangeQuery, text } from "../core/params";
import type { Product } from "../core/types";
import { claimLookupKey, createPrice, createProduct, requirePrice } from "../domain/catalog";
import { route, type Route } from "../http/router";

const interval = oneOf(["day", "week", "month", "year"]);

const ProductCreate = params({
  id: text.optional(),
  name: text,
  active: boolean.optional(),
  description: text.optional(),
  metadata: metadata.optional(),
  statement_descriptor: text.optional(),
  unit_label: text.optional(),
  url: text.optional(),
});
const ProductUpdate = params({
  name: text.optional(),
  active: boolean.optional(),
  description: emptyable(text).optional(),
  metadata: metadata.optional(),
  default_price: text.optional(),
  statement_descriptor: emptyable(text).optional(),
  unit_label: emptyable(text).optional(),
  url: emptyable(text).optional(),
});
const ProductList = params({ ...pagination, active: boolean.optional(), ids: formArray(text).optional(), created: rangeQuery.optional() });

const PriceCreate = params({
  product: text.optional(),
  product_data: params({ name: text, metadata: metadata.optional(), active: boolean.optional() }).optional(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/, "Invalid currency"),
  unit_amount: positiveInteger,
  recurring: params({ interval, interval_count: positiveInteger.optional() }).optional(),
  active: boolean.optional(),
  lookup_key: text.optional(),
  transfer_lookup_key: boolean.optional(),
  nickname: text.optional(),
  metadata: metadata.optional(),
  tax_behavior: oneOf(["exclusive", "inclusive", "unspecified"]).optional(),
});
const PriceUpdate = params({
  active: boolean.optional(),
  lookup_key: text.optional(),
  transfer_lookup_key: boolean.optional(),
  nickname: emptyable(text).optional(),
  metadata: metadata.optional(),
  tax_behavior: oneOf(["exclusive", "inclusive", "unspecified"]).optional(),
});
const PriceList = params({
  ...pagination,
  active: boolean.optional(),
  product: text.optional(),
  type: oneOf(["one_time", "recurring"]).optional(),
  currency: text.optional(),
  lookup_keys: formArray(text).optional(),
  recurring: params({ interval: interval.optional() }).optional(),
  created: rangeQuery.optional(),
});

function requireProduct(products: { get(id: string): Product | undefined }, id: string, param = "id"): Product {
  const product = products.get(id);
  if (!product) throw resourceMissing(id, param, "product");
  return product;
}

export const catalogRoutes: Route[] = [
  route("POST", "/v1/products", ({ core, input }) => {
    const body = parseParams(ProductCreate, input);
    return createProduct(core, {
      id: body.id,
      name: body.name,
      active: body.active,
      description: body.description ?? null,
      metadata: applyMetadata({}, body.metadata),
      statementDescriptor: body.statement_descriptor ?? null,
      unitLabel: body.unit_label ?? null,
      url: body.url ?? null,
    });
  }),
  route("GET", "/v1/products/:id", ({ core, params: path }) => requireProduct(core.store.products, path.id ?? "")),
  route("POST", "/v1/products/:id", ({ core, params: path, input }) => {
    const product = requireProduct(core.store.products, path.id ?? "");
    const body = parseParams(ProductUpdate, input);
    if (body.default_price !== undefined) {
      const price = requirePrice(core, body.default_price, "default_price");
      if (price.product !== product.id) throw invalidRequest("The default price must belong to this product.", { param: "default_price" });
    }
    change(core, "product.updated", product, (target) => {
      if (body.name !== undefined) target.name = body.name;
      if (body.active !== undefined) target.active = body.active;
      if (body.description !== undefined) target.description = body.description;
      if (body.default_price !== undefined) target.default_price = body.default_price;
      if (body.statement_descriptor !== undefined) target.statement_descriptor = body.statement_descriptor;
      if (body.unit_label !== undefined) target.unit_label = body.unit_label;
      if (body.url !== undefined) target.url = body.url;
      target.metadata = applyMetadata(target.metadata, body.metadata);
      target.updated = core.clock.now();
    });
    return product;
  }),
  route("GET", "/v1/products", ({ core, input }) => {
    const query = parseParams(ProductList, input);
    const found = core.store.products
      .newestFirst()
      .filter(
        (product) =>
          (query.active === undefined || product.active === query.active) &&
          (query.ids === undefined || query.ids.includes(product.id)) &&
          inRange(product.created, query.created),
      );
    return paginate(found, query, "/v1/products");
  }),
  route("POST", "/v1/prices", ({ core, input }) => {
    const body = parseParams(PriceCreate, input);
    if (!body.product && !body.product_data) throw invalidRequest("Missing required param: product.", { param: "product", code: "parameter_missing" });
    const productId =
      body.product ?? createProduct(core, { name: body.product_data?.name ?? "", active: body.product_data?.active, metadata: applyMetadata({}, body.product_data?.metadata) }).id;
    return createPrice(core, {
      product: productId,
      currency: body.currency.toLowerCase(),
      unitAmount: body.unit_amount,
      recurring: body.recurring ? { interval: body.recurring.interval, intervalCount: body.recurring.interval_count ?? 1 } : null,
      active: body.active,
      lookupKey: body.lookup_key ?? null,
      transferLookupKey: body.transfer_lookup_key,
      nickname: body.nickname ?? null,
      metadata: applyMetadata({}, body.metadata),
      taxBehavior: body.tax_behavior ?? null,
    });
  }),
  route("GET", "/v1/prices/:id", ({ core, params: path }) => requirePrice(core, path.id ?? "", "id")),
  route("POST", "/v1/prices/:id", ({ core, params: path, input }) => {
    const price = requirePrice(core, path.id ?? "", "id");
    const body = parseParams(PriceUpdate, input);
    if (body.lookup_key !== undefined) claimLookupKey(core, price, body.lookup_key, body.transfer_lookup_key ?? false);
    change(core, "price.updated", price, (target) => {
      if (body.active !== undefined) target.active = body.active;
      if (body.lookup_key !== undefined) target.lookup_key = body.lookup_key;
      if (body.nickname !== undefined) target.nickname = body.nickname;
      if (body.tax_behavior !== undefined) target.tax_behavior = body.tax_behavior;
      target.metadata = applyMetadata(target.metadata, body.metadata);
    });
    return price;
  }),
  route("GET", "/v1/prices", ({ core, input }) => {
    const query = parseParams(PriceList, input);
    const found = core.store.prices
      .newestFirst()
      .filter(
        (price) =>
          (query.active === undefined || price.active === query.active) &&
          (query.product === undefined || price.product === query.product) &&
          (query.type === undefined || price.type === query.type) &&
          (query.currency === undefined || price.currency === query.currency.toLowerCase()) &&
          (query.lookup_keys === undefined || (price.lookup_key !== null && query.lookup_keys.includes(price.lookup_key))) &&
          (query.recurring?.interval === undefined || price.recurring?.interval === query.recurring.interval) &&
          inRange(price.created, query.created),
      );
    return paginate(found, query, "/v1/prices");
  }),
];
