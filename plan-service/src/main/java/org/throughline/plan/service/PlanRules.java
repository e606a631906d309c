package org.throughline.plan.service;

import org.throughline.plan.DeliveryStatus;
import org.throughline.plan.Initiative;
import org.throughline.plan.InitiativeStatus;
import org.throughline.plan.Milestone;
import org.throughline.plan.StageGate;
import org.throughline.plan.Workstream;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of the plan that need nothing but the item and the change: bounds of every field, which changes need a
 * reason, how delivery and actual finish go together, how the stage gate moves. Mutations and the spreadsheet import
 * both apply changes through here, so the two cannot disagree. What needs the database (workstreams, dependencies)
 * is checked by {@link PlanChangeService}.
 */
final class PlanRules {

    static final int NAME_LENGTH = 200;
    static final int TITLE_LENGTH = 300;
    static final int LONG_TEXT_LENGTH = 4000;
    static final int REASON_LENGTH = 2000;
    static final int KEY_LENGTH = 100;
    static final int DEFAULT_CADENCE_DAYS = 14;
    static final int DEFAULT_TOLERANCE_DAYS = 14;

    private PlanRules() {
    }

    /** The reason as it will be recorded: trimmed and bounded, null when none was given. */
    static String reason(String reason) throws RejectedInputException {
        return Inputs.optionalText("reason", reason, REASON_LENGTH).orElse(null);
    }

    static Initiative newInitiative(NewInitiative input) throws RejectedInputException {
        Initiative initiative = new Initiative();
        initiative.name = Inputs.requiredText("name", input.name, NAME_LENGTH);
        initiative.objective = Inputs.optionalText("objective", input.objective, LONG_TEXT_LENGTH).orElse(null);
        initiative.sponsor = input.sponsor == null || input.sponsor.isBlank() ? null
                : Inputs.userId("sponsor", input.sponsor);
        initiative.accountableOwner = Inputs.userId("accountableOwner", input.accountableOwner);
        initiative.reviewCadenceDays = Objects.requireNonNullElse(
                Inputs.range("reviewCadenceDays", input.reviewCadenceDays, 1, 366), DEFAULT_CADENCE_DAYS);
        initiative.slippageToleranceDays = Objects.requireNonNullElse(
                Inputs.range("slippageToleranceDays", input.slippageToleranceDays, 0, 366), DEFAULT_TOLERANCE_DAYS);
        return initiative;
    }

    static void apply(Initiative initiative, InitiativeChanges changes, String reason) throws RejectedInputException {
        if (changes.name != null) {
            initiative.name = Inputs.requiredText("name", changes.name, NAME_LENGTH);
        }
        if (changes.objective != null) {
            initiative.objective = Inputs.optionalText("objective", changes.objective, LONG_TEXT_LENGTH).orElse(null);
        }
        if (changes.sponsor != null) {
            initiative.sponsor = changes.sponsor.isBlank() ? null : Inputs.userId("sponsor", changes.sponsor);
        }
        if (changes.accountableOwner != null) {
            initiative.accountableOwner = Inputs.userId("accountableOwner", changes.accountableOwner);
        }
        if (changes.reviewCadenceDays != null) {
            initiative.reviewCadenceDays = Inputs.range("reviewCadenceDays", changes.reviewCadenceDays, 1, 366);
        }
        if (changes.slippageToleranceDays != null) {
            initiative.slippageToleranceDays = Inputs.range("slippageToleranceDays", changes.slippageToleranceDays,
                    0, 366);
        }
        if (changes.status != null && changes.status != initiative.status) {
            if (changes.status == InitiativeStatus.ON_HOLD && reason == null) {
                throw new ReasonRequiredException("Putting an initiative on hold");
            }
            if (changes.status == InitiativeStatus.RETIRED && reason == null) {
                throw new ReasonRequiredException("Retiring an initiative");
            }
            initiative.status = changes.status;
        }
    }

    static Workstream newWorkstream(Long initiativeId, NewWorkstream input) throws RejectedInputException {
        Workstream workstream = new Workstream();
        workstream.initiativeId = initiativeId;
        workstream.name = Inputs.requiredText("name", input.name, NAME_LENGTH);
        workstream.businessFunction = input.businessFunction;
        workstream.accountableOwner = Inputs.userId("accountableOwner", input.accountableOwner);
        return workstream;
    }

    static void apply(Workstream workstream, WorkstreamChanges changes) throws RejectedInputException {
        if (changes.name != null) {
            workstream.name = Inputs.requiredText("name", changes.name, NAME_LENGTH);
        }
        if (changes.businessFunction != null) {
            workstream.businessFunction = changes.businessFunction;
        }
        if (changes.accountableOwner != null) {
            workstream.accountableOwner = Inputs.userId("accountableOwner", changes.accountableOwner);
        }
    }

    /** A milestone from its creation input, without workstream and dependencies, which need the database. */
    static Milestone newMilestone(NewMilestone input) throws RejectedInputException {
        Milestone milestone = new Milestone();
        milestone.externalKey = key(input.externalKey).orElse(null);
        milestone.title = Inputs.requiredText("title", input.title, TITLE_LENGTH);
        milestone.scope = Inputs.optionalText("scope", input.scope, LONG_TEXT_LENGTH).orElse(null);
        milestone.baselineFinish = Inputs.requiredDate("baselineFinish", input.baselineFinish);
        milestone.forecastFinish = Objects.requireNonNullElse(
                Inputs.date("forecastFinish", input.forecastFinish), milestone.baselineFinish);
        milestone.accountableOwner = Inputs.userId("accountableOwner", input.accountableOwner);
        if (input.stageGate == StageGate.EFFECT_PROVEN) {
            throw new EffectProofReservedException();
        }
        milestone.stageGate = Objects.requireNonNullElse(input.stageGate, StageGate.IDENTIFIED);
        return milestone;
    }

    /**
     * Applies every change that needs nothing but the milestone (not its workstream and dependencies), or throws
     * naming the field that breaks a rule. {@code today} is the day a delivery without a date is dated.
     */
    static void apply(Milestone milestone, MilestoneChanges changes, String reason, LocalDate today)
            throws RejectedInputException {
        if (changes.externalKey != null) {
            milestone.externalKey = key(changes.externalKey).orElse(null);
        }
        if (changes.title != null) {
            milestone.title = Inputs.requiredText("title", changes.title, TITLE_LENGTH);
        }
        if (changes.scope != null) {
            milestone.scope = Inputs.optionalText("scope", changes.scope, LONG_TEXT_LENGTH).orElse(null);
        }
        if (changes.baselineFinish != null && !changes.baselineFinish.equals(milestone.baselineFinish)) {
            Inputs.date("baselineFinish", changes.baselineFinish);
            if (reason == null) {
                throw new ReasonRequiredException("Re-baselining (a new baseline finish)");
            }
            milestone.baselineFinish = changes.baselineFinish;
        }
        if (changes.forecastFinish != null) {
            milestone.forecastFinish = Inputs.date("forecastFinish", changes.forecastFinish);
        }
        applyDelivery(milestone, changes, reason, today);
        if (changes.health != null) {
            milestone.health = changes.health;
        }
        if (changes.stageGate != null && changes.stageGate != milestone.stageGate) {
            if (changes.stageGate == StageGate.EFFECT_PROVEN) {
                throw new EffectProofReservedException();
            }
            if (!changes.stageGate.isNextAfter(milestone.stageGate) && reason == null) {
                throw new ReasonRequiredException("Moving the stage gate from " + milestone.stageGate + " to "
                        + changes.stageGate + " (not the next step forward)");
            }
            milestone.stageGate = changes.stageGate;
        }
        if (changes.accountableOwner != null) {
            milestone.accountableOwner = Inputs.userId("accountableOwner", changes.accountableOwner);
        }
    }

    /** Delivery status and actual finish go together: a milestone has an actual finish exactly while DELIVERED. */
    private static void applyDelivery(Milestone milestone, MilestoneChanges changes, String reason, LocalDate today)
            throws RejectedInputException {
        DeliveryStatus status = Objects.requireNonNullElse(changes.deliveryStatus, milestone.deliveryStatus);
        if (status == DeliveryStatus.DESCOPED && milestone.deliveryStatus != DeliveryStatus.DESCOPED && reason == null) {
            throw new ReasonRequiredException("Descoping a milestone");
        }
        if (status == DeliveryStatus.DELIVERED) {
            LocalDate actual = Inputs.date("actualFinish", changes.actualFinish != null ? changes.actualFinish
                    : Objects.requireNonNullElse(milestone.actualFinish, today));
            if (actual.isAfter(today)) {
                throw InvalidPlanException.at("actualFinish", actual
                        + " lies in the future; a milestone is delivered on the day it was delivered.");
            }
            milestone.actualFinish = actual;
        } else {
            if (changes.actualFinish != null) {
                throw InvalidPlanException.at("actualFinish", "only a DELIVERED milestone has an "
                        + "actual finish; this one is " + status + ".");
            }
            milestone.actualFinish = null;
        }
        milestone.deliveryStatus = status;
    }

    private static Optional<String> key(String key) throws RejectedInputException {
        return Inputs.optionalText("externalKey", key, KEY_LENGTH);
    }
}
