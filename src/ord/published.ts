/**
 * The published ORD documents as the base side (docs/sources.md, "Published documents"): the ORD
 * configuration at `/.well-known/open-resource-discovery`, the documents it lists and the
 * definitions they reference, read over HTTP(S). This is the one module of the tool that opens a
 * network connection, and only when `--base <url>` / `base-url` asks for it (SECURITY.md):
 *
 * - every URL must be on a host the user allow-listed (`--allow-host`, `allow-hosts`);
 * - redirects are followed here, one at a time, and only to allow-listed hosts;
 * - each response has a time limit and a size limit, the whole read a request limit;
 * - every failure throws a SourceError (exit 2): a base that cannot be read is never "no change".
 */
import { createRequire } from "node:module";
import path from "node:path";
import { resolveDefinition, type DefinitionMapping } from "../compare/definitions.js";
import { isObject } from "../json/values.js";
import { loadSide } from "./documents.js";
import { SourceError } from "./source-error.js";
import type { SideSource, SourceFile } from "./sources.js";

/**
 * http and https, required on first use: imported at the top they load tls, net and the http
 * stack at every start (with crypto, about 60 ms of a 110 ms `node -e`, best of 7), and only a
 * published base (`--base https://...`) needs them. This stays the one module that reaches for
 * the network (test/security/no-network.test.ts).
 */
const load = createRequire(import.meta.url);
const http = (): typeof import("node:http") => load("node:http") as typeof import("node:http");
const https = (): typeof import("node:https") => load("node:https") as typeof import("node:https");

/** Limits of one published read; the defaults suit a CAP application's handful of documents. */
export interface FetchLimits {
  /** Per request, from connecting to the last byte. */
  timeoutMs: number;
  /** Per response body. */
  maxBytes: number;
  /** Redirects followed per request. */
  maxRedirects: number;
  /** Requests of the whole read (configuration, documents, definitions). */
  maxRequests: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 30_000,
  maxBytes: 50 * 1024 * 1024,
  maxRedirects: 5,
  maxRequests: 1000,
};

export interface PublishedOptions {
  /** The ORD configuration URL (or one ORD document's URL). */
  url: string;
  /** Host names (any port) or `host:port` entries that may be contacted. */
  allowHosts: readonly string[];
  /** `Name: value`, sent with every request (the access strategy's credential). */
  header?: string;
  /** The config's `definitions` mappings: definition URLs resolve to the same keys as in head. */
  mappings?: readonly DefinitionMapping[];
  limits?: Partial<FetchLimits>;
}

/** Whether `text` names a published base (`--base https://...`) rather than a path or git ref. */
export function isPublishedBase(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** Splits `Name: value`; the name must be an HTTP token, the value one line. */
export function parseHeader(text: string): { name: string; value: string } {
  const colon = text.indexOf(":");
  const name = colon > 0 ? text.slice(0, colon).trim() : "";
  const value = colon > 0 ? text.slice(colon + 1).trim() : "";
  // Checked without echoing the text: it is a secret.
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
    throw new SourceError(`the base header must read "Name: value" on one line`);
  }
  return { name, value };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The URL, refused unless it is http(s), carries no credentials and is on an allowed host. */
function allowedUrl(text: string, allowHosts: readonly string[], what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SourceError(`${what} ${text} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SourceError(`${what} ${text} is not an http(s) URL`);
  }
  if (url.username || url.password) {
    throw new SourceError(
      `${what} ${url.host}: credentials in the URL are refused, use --base-header`,
    );
  }
  const host = url.host.toLowerCase();
  const name = url.hostname.toLowerCase();
  if (!allowHosts.some((entry) => entry === host || entry === name)) {
    throw new SourceError(
      `${what} ${url.href} is on host ${host}, which is not allow-listed (--allow-host / allow-hosts: ${allowHosts.join(", ") || "none"})`,
    );
  }
  return url;
}

/** One GET with the time and size limits; redirects are returned, not followed. */
function getOnce(
  url: URL,
  headers: Record<string, string>,
  limits: FetchLimits,
): Promise<{ status: number; location?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, result?: Awaited<ReturnType<typeof getOnce>>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(result!);
    };
    const tooLarge = (): void =>
      finish(new SourceError(`${url.href} is larger than ${limits.maxBytes} bytes`));
    const client = url.protocol === "https:" ? https() : http();
    // agent: false: no keep-alive socket outlives the read; identity: the size limit counts the
    // bytes that arrive, which no compression can multiply.
    const request = client.get(url, { headers, agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.resume();
        finish(undefined, { status, location: response.headers.location, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBytes) return tooLarge();
      const chunks: Buffer[] = [];
      let length = 0;
      response.on("data", (chunk: Buffer) => {
        length += chunk.length;
        if (length > limits.maxBytes) tooLarge();
        else chunks.push(chunk);
      });
      response.on("end", () => finish(undefined, { status, body: Buffer.concat(chunks) }));
      response.on("error", (error) =>
        finish(new SourceError(`${url.href} could not be read: ${error.message}`)),
      );
    });
    const timer = setTimeout(
      () =>
        finish(new SourceError(`${url.href} did not answer within ${limits.timeoutMs / 1000} s`)),
      limits.timeoutMs,
    );
    request.on("error", (error) =>
      finish(new SourceError(`${url.href} could not be read: ${error.message}`)),
    );
  });
}

/** Reads URLs within the allow-list and the limits; counts requests over the whole read. */
class BoundedReader {
  private requests = 0;
  constructor(
    private readonly allowHosts: readonly string[],
    private readonly limits: FetchLimits,
    private readonly header?: { name: string; value: string },
  ) {}

  async get(text: string, what: string): Promise<{ url: URL; body: Buffer }> {
    let url = allowedUrl(text, this.allowHosts, what);
    for (let redirects = 0; ; redirects++) {
      if (++this.requests > this.limits.maxRequests) {
        throw new SourceError(
          `the published base needs more than ${this.limits.maxRequests} requests`,
        );
      }
      const headers: Record<string, string> = {
        accept: "application/json, */*;q=0.5",
        "accept-encoding": "identity",
        "user-agent": "ord-version-guard",
      };
      if (this.header) {
        // A secret never travels in clear text, except to this machine (a local server).
        if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
          throw new SourceError(`the base header is only sent over https, not to ${url.href}`);
        }
        headers[this.header.name] = this.header.value;
      }
      const response = await getOnce(url, headers, this.limits);
      if (response.status >= 300 && response.status < 400) {
        if (!response.location) {
          throw new SourceError(`${url.href} redirects (${response.status}) without a location`);
        }
        if (redirects >= this.limits.maxRedirects) {
          throw new SourceError(`${text} redirects more than ${this.limits.maxRedirects} times`);
        }
        url = allowedUrl(
          new URL(response.location, url).href,
          this.allowHosts,
          `${url.href} redirects to`,
        );
        continue;
      }
      if (response.status !== 200) {
        throw new SourceError(`${what} ${url.href} answered HTTP ${response.status}`);
      }
      return { url, body: response.body };
    }
  }
}

function parseJson(body: Buffer, url: URL, what: string): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch (error) {
    throw new SourceError(`${what} ${url.href} is not JSON: ${(error as Error).message}`);
  }
}

/** The document URLs an ORD configuration lists, or undefined when `value` is no configuration. */
function documentUrls(value: unknown, configUrl: URL): string[] | undefined {
  if (!isObject(value) || !isObject(value.openResourceDiscoveryV1)) return undefined;
  const listed = value.openResourceDiscoveryV1.documents;
  if (!Array.isArray(listed)) return undefined;
  // ORD: relative document URLs are relative to the configuration's baseUrl when it has one.
  const against = typeof value.baseUrl === "string" ? value.baseUrl : configUrl.href;
  return listed.map((entry, index) => {
    if (!isObject(entry) || typeof entry.url !== "string") {
      throw new SourceError(`${configUrl.href}: documents[${index}] has no url`);
    }
    try {
      return new URL(entry.url, against).href;
    } catch {
      throw new SourceError(`${configUrl.href}: documents[${index}].url is not a URL`);
    }
  });
}

/** The URL's path without the leading slash, decoded where it decodes (`%3A` → `:`). */
function pathOf(url: URL): string {
  let decoded = url.pathname;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape: keep the path as sent.
  }
  return decoded.replace(/^\/+/, "");
}

/** Where a published document sits in the side: its URL path and query, without the slash. */
const relativeOf = (url: URL): string => pathOf(url) + url.search || "index";

/**
 * Reads the published base into a side. Documents are named by their URL in reports, so a
 * finding located in the base never reads as a line of the checkout. Definitions are stored
 * under the key that the check's own resolution gives their URL (resolveDefinition), so the
 * comparison reads them exactly like files of a checkout.
 */
export async function readPublishedSource(options: PublishedOptions): Promise<SideSource> {
  const limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  const allowHosts = options.allowHosts.map((h) => h.trim().toLowerCase()).filter(Boolean);
  const header = options.header ? parseHeader(options.header) : undefined;
  const reader = new BoundedReader(allowHosts, limits, header);
  const mappings = options.mappings ?? [];

  const first = await reader.get(options.url, "the published base");
  const value = parseJson(first.body, first.url, "the ORD configuration");
  const documents: { url: URL; body: Buffer }[] = [];
  const listed = documentUrls(value, first.url);
  if (listed) {
    for (const url of listed) {
      const read = await reader.get(url, `document URL (from ${first.url.href})`);
      parseJson(read.body, read.url, "the ORD document");
      documents.push(read);
    }
  } else if (isObject(value) && "openResourceDiscovery" in value) {
    documents.push(first); // the URL names a document itself
  } else {
    throw new SourceError(
      `${first.url.href} is neither an ORD configuration (openResourceDiscoveryV1.documents) nor an ORD document`,
    );
  }

  const files: SourceFile[] = [];
  const rels = new Set<string>();
  for (const doc of documents) {
    const rel = relativeOf(doc.url);
    if (rels.has(rel)) throw new SourceError(`two published documents share the path ${rel}`);
    rels.add(rel);
    const bytes = doc.body;
    files.push({
      path: doc.url.href,
      rel,
      bytes: () => bytes,
      explicit: true,
      // The folder of the path alone: a query may hold slashes too.
      dir: path.posix.dirname(pathOf(doc.url) || "index"),
    });
  }

  // The definitions the documents reference, on allowed hosts; others stay unread and are
  // reported by the check as definition-unchecked, like any definition it cannot read.
  const definitions = new Map<string, { url: string; body: Buffer }>();
  const byRel = new Map(documents.map((d) => [relativeOf(d.url), d.url]));
  for (const entity of loadSide(files).entities) {
    const documentUrl = byRel.get(entity.doc.rel)!;
    for (const field of ["resourceDefinitions", "definitions"]) {
      const list = entity.value[field];
      if (!Array.isArray(list)) continue;
      for (const definition of list) {
        if (!isObject(definition) || typeof definition.url !== "string") continue;
        const key = resolveDefinition(definition.url, entity.doc.dir, mappings);
        if (key === undefined) continue;
        let target: URL;
        try {
          target = new URL(definition.url, documentUrl);
        } catch {
          continue;
        }
        const host = target.host.toLowerCase();
        if (!allowHosts.includes(host) && !allowHosts.includes(target.hostname.toLowerCase()))
          continue;
        const known = definitions.get(key);
        if (known) {
          if (known.url !== target.href) {
            throw new SourceError(
              `${known.url} and ${target.href} resolve to the same definition path ${key}`,
            );
          }
          continue;
        }
        const read = await reader.get(target.href, "definition URL");
        definitions.set(key, { url: read.url.href, body: read.body });
      }
    }
  }

  const origin = first.url.origin;
  return {
    files,
    read: (relative) => definitions.get(relative)?.body,
    display: (relative) => definitions.get(relative)?.url ?? `${origin}/${relative}`,
    list: () => [...definitions.keys()].sort(),
  };
}

/** The prefix of every base location of a published base (annotations name it in the text). */
export function publishedLabel(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
