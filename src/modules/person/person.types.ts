import { connectionTypes } from "../../common/pagination";
import { Person } from "./person.entity";

export const { ConnectionType: PersonConnection, EdgeType: PersonEdge } = connectionTypes(Person, "Person", "people");
