/** Every feature's entities (src/features.ts), for the data source. */
export { entities } from "../features";
