import "reflect-metadata";
import { loadConfig } from "../../config";
import { createDataSource } from "../../platform/db/data-source";
import { beforeCommit, entities } from "../features";

/** Data source for the TypeORM CLI (`npm run migration:generate -- migrations/<Name>`). */
export default createDataSource(loadConfig().database, { entities, beforeCommit });
