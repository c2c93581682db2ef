import { In } from "typeorm";
import { BadUserInputError, ConflictError } from "../../common/errors";
import { cleanText, keepOrSet, refuse, refuseIf, repeatedKeyProblems } from "../../common/input-rules";
import type { Actor, MutationRunner, Transaction } from "../../platform/db/mutation";
import type { DeletePayload } from "../../common/payloads";
import { AgendaItem } from "../agenda/agenda-item.entity";
import { Meeting } from "../meeting/meeting.entity";
import { AnnualTheme } from "./annual-theme.entity";
import { ThemePillar, ThemePillarFocusArea } from "./theme-pillar.entity";
import { pillarNameTaken, themeYearTaken } from "./theme.rules";
import type {
  CreateThemeInput,
  CreateThemePillarInput,
  DeleteThemeInput,
  DeleteThemePillarInput,
  UpdateThemeInput,
  UpdateThemePillarInput,
} from "./theme.mutation-inputs";

export class ThemeMutations {
  constructor(private readonly mutations: MutationRunner) {}

  private async checkYearFree(tx: Transaction, year: number, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(AnnualTheme, { year });
    if (holder && holder.id !== exceptId) refuse(themeYearTaken(year, "input.year"));
  }

  private async setFocusAreas(tx: Transaction, pillar: ThemePillar, areas: string[], path: string): Promise<void> {
    const cleaned = areas.map((area, i) => cleanText(area, `${path}[${i}]`));
    await tx.em.delete(ThemePillarFocusArea, { pillarId: pillar.id });
    if (cleaned.length) {
      await tx.em.insert(
        ThemePillarFocusArea,
        cleaned.map((description, i) => ({ pillarId: pillar.id, position: i + 1, description })),
      );
    }
  }

  create(actor: Actor, input: CreateThemeInput): Promise<{ node: AnnualTheme }> {
    return this.mutations.run(actor, "createTheme", async (tx) => {
      await this.checkYearFree(tx, input.year);
      const names = input.pillars.map((p, i) => cleanText(p.name, `input.pillars[${i}].name`));
      refuseIf(
        repeatedKeyProblems(
          names,
          (name) => name,
          (name, i) => pillarNameTaken(name, `input.pillars[${i}].name`),
        ),
      );
      const theme = await tx.insert(AnnualTheme, { year: input.year, title: cleanText(input.title, "input.title") });
      for (const [i, draft] of input.pillars.entries()) {
        const pillar = await tx.insert(ThemePillar, { themeId: theme.id, position: i + 1, name: names[i]! });
        await this.setFocusAreas(tx, pillar, draft.focusAreas, `input.pillars[${i}].focusAreas`);
      }
      return { node: theme };
    });
  }

  update(actor: Actor, input: UpdateThemeInput): Promise<{ node: AnnualTheme }> {
    return this.mutations.run(actor, "updateTheme", async (tx) => {
      const theme = await tx.get(AnnualTheme, input.id, "input.id");
      const year = keepOrSet(input.year, "input.year");
      if (year !== undefined) await this.checkYearFree(tx, year, theme.id);
      const values = { year, title: cleanText(keepOrSet(input.title, "input.title"), "input.title") };
      return { node: await tx.update(theme, values, input.expectedVersion) };
    });
  }

  delete(actor: Actor, input: DeleteThemeInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteTheme", async (tx) => {
      const theme = await tx.get(AnnualTheme, input.id, "input.id");
      tx.checkVersion(theme, input.expectedVersion);
      const pillars = await tx.em.findBy(ThemePillar, { themeId: theme.id });
      const meetings = await tx.em.findBy(Meeting, { themeId: theme.id });
      const items = pillars.length ? await tx.em.findBy(AgendaItem, { pillarId: In(pillars.map((p) => p.id)) }) : [];
      if ((meetings.length || items.length) && !input.cascade) {
        throw new ConflictError(
          `${meetings.length} meeting(s) follow the ${theme.year} theme and ${items.length} agenda item(s) serve its pillars; delete with cascade: true to unlink them`,
          { references: { meetings: meetings.length, agendaItems: items.length } },
        );
      }
      for (const item of items) await tx.update(item, { pillarId: null });
      for (const meeting of meetings) await tx.update(meeting, { themeId: null });
      for (const pillar of pillars) await tx.remove(pillar);
      await tx.remove(theme);
      return { deletedId: input.id, cascaded: meetings.length + items.length + pillars.length };
    });
  }

  private async checkPillarNameFree(tx: Transaction, themeId: number, name: string, exceptId?: number): Promise<void> {
    const holder = await tx.em.findOneBy(ThemePillar, { themeId, name });
    if (holder && holder.id !== exceptId) refuse(pillarNameTaken(name, "input.name"));
  }

  private async ordered(tx: Transaction, themeId: number): Promise<ThemePillar[]> {
    return tx.em.find(ThemePillar, { where: { themeId }, order: { position: "ASC" } });
  }

  createPillar(actor: Actor, input: CreateThemePillarInput): Promise<{ node: ThemePillar }> {
    return this.mutations.run(actor, "createThemePillar", async (tx) => {
      const theme = await tx.reference(AnnualTheme, input.themeId, "input.themeId");
      const name = cleanText(input.name, "input.name");
      await this.checkPillarNameFree(tx, theme.id, name);
      const siblings = await this.ordered(tx, theme.id);
      const position = input.position ?? siblings.length + 1;
      if (position > siblings.length + 1) {
        throw BadUserInputError.forField("input.position", `must be between 1 and ${siblings.length + 1}`);
      }
      // Make room from the end backwards, so no two pillars ever share a position.
      for (const pillar of siblings.slice(position - 1).reverse())
        await tx.update(pillar, { position: pillar.position + 1 });
      const pillar = await tx.insert(ThemePillar, { themeId: theme.id, name, position });
      await this.setFocusAreas(tx, pillar, input.focusAreas, "input.focusAreas");
      return { node: pillar };
    });
  }

  updatePillar(actor: Actor, input: UpdateThemePillarInput): Promise<{ node: ThemePillar }> {
    return this.mutations.run(actor, "updateThemePillar", async (tx) => {
      let pillar = await tx.get(ThemePillar, input.id, "input.id");
      tx.checkVersion(pillar, input.expectedVersion);
      const name = cleanText(keepOrSet(input.name, "input.name"), "input.name");
      if (name !== undefined) await this.checkPillarNameFree(tx, pillar.themeId, name, pillar.id);
      const position = keepOrSet(input.position, "input.position");
      if (position !== undefined) {
        const siblings = await this.ordered(tx, pillar.themeId);
        if (position > siblings.length)
          throw BadUserInputError.forField("input.position", `must be between 1 and ${siblings.length}`);
        const others = siblings.filter((p) => p.id !== pillar.id);
        await tx.renumber([...others.slice(0, position - 1), pillar, ...others.slice(position - 1)]);
      }
      pillar = await tx.update(pillar, { name });
      const focusAreas = keepOrSet(input.focusAreas, "input.focusAreas");
      if (focusAreas) await this.setFocusAreas(tx, pillar, focusAreas, "input.focusAreas");
      return { node: pillar };
    });
  }

  deletePillar(actor: Actor, input: DeleteThemePillarInput): Promise<DeletePayload> {
    return this.mutations.run(actor, "deleteThemePillar", async (tx) => {
      const pillar = await tx.get(ThemePillar, input.id, "input.id");
      tx.checkVersion(pillar, input.expectedVersion);
      const items = await tx.em.findBy(AgendaItem, { pillarId: pillar.id });
      if (items.length && !input.cascade) {
        throw new ConflictError(
          `${items.length} agenda item(s) serve the pillar ${pillar.name}; delete with cascade: true to unlink them`,
          { references: { agendaItems: items.length } },
        );
      }
      for (const item of items) await tx.update(item, { pillarId: null });
      await tx.remove(pillar);
      await tx.renumber(await this.ordered(tx, pillar.themeId));
      return { deletedId: input.id, cascaded: items.length };
    });
  }
}
