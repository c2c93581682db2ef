import { defineFeature } from "../../platform/feature-module";
import { DirectoryResolver } from "./directory.resolver";
import { DirectoryService } from "./directory.service";

/** The whole directory as one file: import, export, seeding. */
export const directoryFeature = defineFeature({
  name: "directory",
  resolvers: [DirectoryResolver],
  services: ({ reader, mutations, maxExportMeetings, directorySections }) => [
    new DirectoryService(reader, mutations, directorySections, maxExportMeetings),
  ],
});
