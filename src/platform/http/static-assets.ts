import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { Request, Response, Router } from "express";

/*
 * Static assets of the pages the gateway serves itself (the IDE, the dashboard), for closed networks: no CDN.
 * Each asset's URL carries its package version or a hash of its content, so browsers may keep it for good
 * (`immutable`); the pages that name them are revalidated instead.
 */

export const JS = "text/javascript; charset=utf-8";
export const CSS = "text/css; charset=utf-8";
/** Asset URLs change whenever their content can (package version, content hash), so browsers may keep them. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

export interface Asset {
  /** URL path, e.g. /ide/assets/graphiql-3.8.3/graphiql.min.js */
  urlPath: string;
  contentType: string;
  read: () => Promise<Buffer>;
}

interface LoadedAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

const gzip = promisify(gzipCallback);

interface Manifest {
  name?: unknown;
  version?: unknown;
}

const readManifest = (file: string): Manifest => JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;

/**
 * The installed package's `package.json`, found from its entry point by walking up to the manifest that
 * bears its name: some packages (chart.js) do not export `./package.json`, so it cannot be resolved directly.
 */
function manifestFileOf(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && readManifest(file).name === name) return file;
  }
  throw new Error(`cannot find the package.json of ${name}`);
}

export function packageDirectory(name: string): { dir: string; version: string } {
  const manifestFile = manifestFileOf(name);
  const { version } = readManifest(manifestFile);
  if (typeof version !== "string") throw new Error(`${manifestFile} has no version`);
  return { dir: path.dirname(manifestFile), version };
}

/** A file of an installed package, under `<prefix>/<package>-<version>/<file name>`. */
export function packageAsset(prefix: string, name: string, relativeFile: string, contentType: string): Asset {
  const { dir, version } = packageDirectory(name);
  const file = path.join(dir, relativeFile);
  // Fail at start-up, not on the first browser visit, if an installed package lacks its bundle.
  fs.accessSync(file, fs.constants.R_OK);
  return {
    urlPath: `${prefix}/${name}-${version}/${path.basename(relativeFile)}`,
    contentType,
    read: () => fs.promises.readFile(file),
  };
}

/** Content of our own, under `<prefix>/<name>-<hash of the content>/<file name>`. */
export function contentAsset(prefix: string, name: string, fileName: string, body: Buffer, contentType: string): Asset {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { urlPath: `${prefix}/${name}-${hash}/${fileName}`, contentType, read: () => Promise.resolve(body) };
}

/**
 * Serves each asset at its URL: read and compressed once, on first request, off the event loop (the GraphiQL
 * bundle is megabytes large; its sizes are in docs/benchmarks.md), with a strong ETag, gzip when the browser
 * accepts it, and `immutable`.
 */
export function serveAssets(router: Router, assets: readonly Asset[]): void {
  const loaded = new Map<string, Promise<LoadedAsset>>();
  const load = (asset: Asset): Promise<LoadedAsset> => {
    let entry = loaded.get(asset.urlPath);
    if (!entry) {
      entry = (async () => {
        const body = await asset.read();
        const etag = createHash("sha256").update(body).digest("base64url").slice(0, 27);
        return { body, gzipped: await gzip(body), etag };
      })();
      // A failed read is retried by the next request rather than remembered.
      entry.catch(() => loaded.delete(asset.urlPath));
      loaded.set(asset.urlPath, entry);
    }
    return entry;
  };

  const send = (req: Request, res: Response, contentType: string, asset: LoadedAsset) => {
    const gzipped = req.acceptsEncodings("gzip", "identity") === "gzip";
    res.set({
      "Content-Type": contentType,
      "Cache-Control": IMMUTABLE,
      // A strong ETag names one representation: the gzipped body gets its own.
      ETag: gzipped ? `"${asset.etag}-gz"` : `"${asset.etag}"`,
      Vary: "Accept-Encoding",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (gzipped) res.set("Content-Encoding", "gzip");
    res.end(gzipped ? asset.gzipped : asset.body);
  };

  for (const asset of assets) {
    router.get(asset.urlPath, async (req, res) => {
      send(req, res, asset.contentType, await load(asset));
    });
  }
}
