import type http from "node:http";

/**
 * The client's address: the socket's peer, or, behind `trustProxyHops` trusted proxies, the address that
 * many hops back in X-Forwarded-For (as Express computes `req.ip` with `trust proxy` set to a hop count).
 * Used for GraphQL over HTTP and WebSocket alike, so a client has one address for its rate budget and caps.
 */
export function clientAddress(request: http.IncomingMessage, trustProxyHops: number): string {
  const peer = request.socket.remoteAddress ?? "unknown";
  if (trustProxyHops <= 0) return peer;
  const header = request.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
  const chain = [peer, ...forwarded.reverse()];
  return chain[Math.min(trustProxyHops, chain.length - 1)]!;
}
