import { connectionTypes } from "../../platform/db/pagination";
import { Person } from "./person.entity";

export const { ConnectionType: PersonConnection, EdgeType: PersonEdge } = connectionTypes(Person, "Person", "people");
