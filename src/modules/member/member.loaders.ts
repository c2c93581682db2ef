import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { rowsById } from "../../common/loaders";
import { Member } from "./member.entity";
import { Organisation } from "./organisation.entity";

export function createMemberLoaders(dataSource: DataSource) {
  const members = dataSource.getRepository(Member);
  const organisations = dataSource.getRepository(Organisation);
  return {
    memberById: rowsById((ids) => members.findBy({ id: In([...ids]) })),
    organisationById: rowsById((ids) => organisations.findBy({ id: In([...ids]) })),
  };
}
