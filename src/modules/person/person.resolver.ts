import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "../../platform/auth/actor";
import { Role } from "../../platform/auth/role";
import { DeleteInput, DeletePayload, payloadType } from "../../common/payloads";
import type { GatewayContext } from "../../platform/context";
import { loadOptional, loadRequired } from "../../platform/db/loaders";
import { ConnectionArgs, toPageRequest } from "../../platform/db/pagination";
import { Member } from "../member/member.entity";
import type { Organisation } from "../member/organisation.entity";
import { Institution } from "../member/member.types";
import { Region } from "../region/region.entity";
import { DateScalar } from "../../common/scalars";
import { Appointment, OfficeKind } from "./appointment.entity";
import { heldOn } from "./person.rules";
import { Person } from "./person.entity";
import { PersonFilter } from "./person.inputs";
import {
  CreateAppointmentInput,
  CreatePersonInput,
  DeletePersonInput,
  UpdateAppointmentInput,
  UpdatePersonInput,
} from "./person.mutation-inputs";
import { PersonConnection } from "./person.types";
import { PersonService } from "./person.service";
import { PersonMutations } from "./person.mutations";

const CreatePersonPayload = payloadType("CreatePerson", Person, "person", "The person who was added.");
const UpdatePersonPayload = payloadType("UpdatePerson", Person, "person", "The person after the update.");
const CreateAppointmentPayload = payloadType(
  "CreateAppointment",
  Appointment,
  "appointment",
  "The appointment that was recorded.",
);
const UpdateAppointmentPayload = payloadType(
  "UpdateAppointment",
  Appointment,
  "appointment",
  "The appointment after the update.",
);

@Resolver(() => Person)
export class PersonResolver {
  constructor(
    private readonly personService: PersonService,
    private readonly personMutations: PersonMutations,
  ) {}

  @Query(() => PersonConnection, { description: "People in the directory, by name." })
  people(
    @Args() page: ConnectionArgs,
    @Arg("filter", () => PersonFilter, { nullable: true, description: "Narrows the list." })
    filter: PersonFilter | null,
  ) {
    return this.personService.list(filter, toPageRequest(page));
  }

  @Query(() => Person, { nullable: true, description: "The person with this slug; null when there is none." })
  person(@Arg("slug", { description: "Slug, e.g. `kunio-mikuriya`." }) slug: string): Promise<Person | null> {
    return this.personService.findBySlug(slug);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreatePersonPayload, { description: "Adds a person. Their slug must be new." })
  createPerson(@Arg("input") input: CreatePersonInput, @Ctx() ctx: GatewayContext) {
    return this.personMutations.create(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdatePersonPayload, { description: "Changes a person." })
  updatePerson(@Arg("input") input: UpdatePersonInput, @Ctx() ctx: GatewayContext) {
    return this.personMutations.update(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes a person with their appointments; see `cascade` for meetings.",
  })
  deletePerson(@Arg("input") input: DeletePersonInput, @Ctx() ctx: GatewayContext) {
    return this.personMutations.delete(actorOf(ctx), input);
  }

  @FieldResolver(() => [Appointment], { description: "Offices this person holds or held, in the order recorded." })
  appointments(@Root() person: Person, @Ctx() ctx: GatewayContext): Promise<Appointment[]> {
    return ctx.loaders.appointmentsByPersonId.load(person.id);
  }

  @FieldResolver(() => [Appointment], {
    description:
      "The offices this person held on a date, in the order recorded. An appointment counts when its recorded dates contain the date (a null bound beside a known one is open: since an unknown date, or still in office); one with no recorded dates counts only when it is the person's only appointment of its kind. Empty when nothing recorded says.",
  })
  async officesOn(
    @Root() person: Person,
    @Ctx() ctx: GatewayContext,
    @Arg("date", () => DateScalar, { description: "The day, e.g. a meeting's `startDate`." }) date: string,
  ): Promise<Appointment[]> {
    const appointments = await ctx.loaders.appointmentsByPersonId.load(person.id);
    return heldOn(appointments, date, () => appointments);
  }
}

/** `Member.officeHolders`: a field of the Member feature's type, resolved by the feature that owns appointments. */
@Resolver(() => Member)
export class MemberOfficeHoldersResolver {
  constructor(private readonly personService: PersonService) {}

  @FieldResolver(() => [Appointment], {
    description:
      "Who held an office at this Member on a date, e.g. its Director General of Customs on 2021-04-22: the appointments at the Member held on that date by the rule of `Person.officesOn` (recorded dates contain the date; an undated appointment only when it is its holder's only appointment of that kind), earliest start first, undated first.",
  })
  officeHolders(
    @Root() member: Member,
    @Ctx() ctx: GatewayContext,
    @Arg("on", () => DateScalar, { description: "The day." }) on: string,
    @Arg("kind", () => OfficeKind, { nullable: true, description: "Only offices of this kind; every kind when null." })
    kind: OfficeKind | null,
  ): Promise<Appointment[]> {
    return ctx.nested.load("Member.officeHolders", { on, kind }, member.id, (memberIds) =>
      this.personService.officeHoldersForMembers(memberIds, kind ?? null, on),
    );
  }
}

@Resolver(() => Appointment)
export class AppointmentResolver {
  constructor(private readonly personMutations: PersonMutations) {}

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateAppointmentPayload, { description: "Records an office a person holds." })
  createAppointment(@Arg("input") input: CreateAppointmentInput, @Ctx() ctx: GatewayContext) {
    return this.personMutations.createAppointment(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => UpdateAppointmentPayload, { description: "Changes an appointment." })
  updateAppointment(@Arg("input") input: UpdateAppointmentInput, @Ctx() ctx: GatewayContext) {
    return this.personMutations.updateAppointment(actorOf(ctx), input);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, {
    description: "Deletes an appointment. Nothing refers to appointments, so nothing cascades.",
  })
  deleteAppointment(@Arg("input") input: DeleteInput, @Ctx() ctx: GatewayContext) {
    return this.personMutations.deleteAppointment(actorOf(ctx), input);
  }

  @FieldResolver(() => Person, { description: "Who holds the office." })
  person(@Root() appointment: Appointment, @Ctx() ctx: GatewayContext): Promise<Person> {
    return loadRequired(ctx.loaders.personById, appointment.personId, "Person");
  }

  @FieldResolver(() => Institution, {
    nullable: true,
    description: "The Member or organisation where the office is held; null when it is not tied to one.",
  })
  institution(@Root() appointment: Appointment, @Ctx() ctx: GatewayContext): Promise<Member | Organisation | null> {
    if (appointment.memberId !== null) return loadRequired(ctx.loaders.memberById, appointment.memberId, "Member");
    return loadOptional(ctx.loaders.organisationById, appointment.organisationId);
  }

  @FieldResolver(() => Region, {
    nullable: true,
    description: "The region the office is for, e.g. the region a WCO Vice-Chair represents; null otherwise.",
  })
  region(@Root() appointment: Appointment, @Ctx() ctx: GatewayContext): Promise<Region | null> {
    return loadOptional(ctx.loaders.regionById, appointment.regionId);
  }
}
