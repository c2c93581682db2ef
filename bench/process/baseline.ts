import { BASELINE_SERVER } from "../paths";
import { ServerChild } from "./child";
import type { RunningServer } from "./gateway";
import { freePort } from "./proc";

/** Starts the baseline server (bench/baseline/server.ts) on its own pinned process over `database`. */
export async function startBaseline(database: string, core: number | null): Promise<RunningServer> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    BASELINE_DB: database,
    PORT: String(port),
  };
  const child = new ServerChild("baseline", process.execPath, [BASELINE_SERVER], env, core);
  try {
    const { afterMs } = await child.waitForLog((line) => line.msg === "baseline ready", 30_000);
    const origin = `http://127.0.0.1:${port}`;
    return { child, origin, url: `${origin}/graphql`, readyMs: afterMs };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
