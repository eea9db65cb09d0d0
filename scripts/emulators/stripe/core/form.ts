// Parses Stripe's form encoding (`items[0][price]=x&metadata[k]=v&expand[]=y`), used for request
// bodies and query strings alike, into nested objects that the per-endpoint schemas then validate.
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

// Objects without a prototype, so a key such as `__proto__` or `constructor` is plain data.
function emptyObject(): FormObject {
  return Object.create(null) as FormObject;
}

function decode(component: string): string {
  const spaced = component.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Splits `a[b][0][]` into ["a", "b", "0", ""]; a malformed key is taken whole, as Stripe does. */
export function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^\]]*)\]/.exec(rest);
    if (!match) return [key];
    segments.push(match[1] ?? "");
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function isObject(value: FormValue | undefined): value is FormObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function assign(root: FormObject, path: string[], value: string): void {
  let container: FormObject | FormValue[] = root;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index] ?? "";
    const last = index === path.length - 1;
    const nextIsPush = path[index + 1] === "";
    if (Array.isArray(container)) {
      if (last) {
        container.push(value);
        return;
      }
      // `list[][a]=1&list[][b]=2&list[][a]=3` builds [{a,b},{a}]: a new element starts when the
      // current one already holds the key being set, the convention of PHP, Rails and qs.
      const nextKey = path[index + 1] ?? "";
      const tail: FormValue | undefined = container[container.length - 1];
      if (isObject(tail) && !(nextKey in tail) && !nextIsPush) {
        container = tail;
      } else {
        const fresh = emptyObject();
        container.push(fresh);
        container = fresh;
      }
      continue;
    }
    if (last) {
      container[segment] = value;
      return;
    }
    const existing: FormValue | undefined = container[segment];
    if (nextIsPush) {
      if (!Array.isArray(existing)) container[segment] = [];
    } else if (!isObject(existing)) {
      container[segment] = emptyObject();
    }
    container = container[segment] as FormObject | FormValue[];
  }
}

export function parseForm(text: string): FormObject {
  const root = emptyObject();
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const separator = pair.indexOf("=");
    const key = decode(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? "" : decode(pair.slice(separator + 1));
    if (!key) continue;
    assign(root, splitKey(key), value);
  }
  return root;
}

/** Stripe's bracket notation for a parameter path, as used in error messages: `items[0][price]`. */
export function paramName(path: ReadonlyArray<string | number>): string {
  const [head, ...rest] = path;
  return `${head ?? ""}${rest.map((segment) => `[${segment}]`).join("")}`;
}
