import { connectionTypes } from "../../platform/db/pagination";
import { AnnualTheme } from "./annual-theme.entity";

export const { ConnectionType: AnnualThemeConnection, EdgeType: AnnualThemeEdge } = connectionTypes(
  AnnualTheme,
  "AnnualTheme",
  "annual themes",
);
